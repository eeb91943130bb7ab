import { describe, expect, it } from 'vitest';
import { JSON_DEPTH_LIMIT, nestsDeeperThan } from './json-body.ts';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('the nesting-depth scan before JSON bodies are parsed', () => {
  it('counts arrays and objects alike, up to the limit and one past it', () => {
    expect(nestsDeeperThan(nested(JSON_DEPTH_LIMIT), JSON_DEPTH_LIMIT)).toBe(false);
    expect(nestsDeeperThan(nested(JSON_DEPTH_LIMIT + 1), JSON_DEPTH_LIMIT)).toBe(true);
    const objects = `${'{"a":'.repeat(3)}[1]${'}'.repeat(3)}`;
    expect(nestsDeeperThan(objects, 4)).toBe(false);
    expect(nestsDeeperThan(objects, 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const note = JSON.stringify({ note: `${'['.repeat(200)} 引号 \\" 和 {{{ ${'\\'.repeat(3)}"[[[` });
    expect(JSON.parse(note)).toBeTruthy();
    expect(nestsDeeperThan(note, 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify([{ a: '\\' }, [[['x']]]]), 3)).toBe(true);
  });

  it('stops at the first level too deep however long the text', () => {
    expect(nestsDeeperThan('['.repeat(4 * 1024 * 1024), JSON_DEPTH_LIMIT)).toBe(true);
    expect(nestsDeeperThan('', JSON_DEPTH_LIMIT)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from './ids.ts';

describe('new ids', () => {
  it('are UUIDs the schemas accept, all different, and sort in the order they were made', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    for (const id of ids) expect(z.uuid().safeParse(id).success).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('begin with the time they were made', () => {
    const before = Date.now();
    const id = newId();
    const madeAt = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(madeAt).toBeGreaterThanOrEqual(before);
    expect(madeAt).toBeLessThanOrEqual(Date.now());
  });
});

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parentsOfMade, writeFileDurablyNow } from './durable-files.ts';
import { loadOrCreateLedgerKey, publicKeyFileOf } from './ledger/head-signing.ts';

/** The synchronous file steps taken, in order ("sync <path>", "rename <to>"), through the real file system. */
const steps = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const pathOf = new Map<number, string>();
  return {
    ...fs,
    openSync: (path: string, flags: string) => {
      const fd = fs.openSync(path, flags);
      pathOf.set(fd, path);
      return fd;
    },
    fsyncSync: (fd: number) => {
      fs.fsyncSync(fd);
      steps.push(`sync ${pathOf.get(fd)}`);
    },
    renameSync: (from: string, to: string) => {
      fs.renameSync(from, to);
      steps.push(`rename ${to}`);
    },
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-durable-'));
  steps.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('files written to survive a power cut', () => {
  it('are written beside their name and synced, renamed, then their directory synced', () => {
    const file = join(dir, 'manifest.json');
    writeFileDurablyNow(file, '{"format":1}', 0o600);
    expect(steps).toEqual([`sync ${file}.part`, `rename ${file}`, `sync ${dir}`]);
    expect(readFileSync(file, 'utf8')).toBe('{"format":1}');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('include the ledger signing key, with its public half and the directory made for them', () => {
    const file = join(dir, 'data-keys', 'ledger-signing-key.pem');
    loadOrCreateLedgerKey(file);
    const keys = dirname(file);
    expect(steps).toEqual([
      `sync ${dir}`,
      `sync ${publicKeyFileOf(file)}.part`,
      `rename ${publicKeyFileOf(file)}`,
      `sync ${keys}`,
      `sync ${file}.part`,
      `rename ${file}`,
      `sync ${keys}`,
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('sync the parent of every directory a recursive mkdir made, outermost first', () => {
    expect(parentsOfMade(undefined, '/data/blobs/ab')).toEqual([]);
    expect(parentsOfMade('/data/blobs/ab', '/data/blobs/ab')).toEqual(['/data/blobs']);
    // The store's own directory made with its first photo's: both entries are new.
    expect(parentsOfMade('/data/blobs', '/data/blobs/ab')).toEqual(['/data', '/data/blobs']);
  });
});

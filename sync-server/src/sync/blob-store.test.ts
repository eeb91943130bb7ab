import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BlobStore, FileBlobStore } from './blob-store.ts';

/** The store's renames and syncs, in order ("rename <to>", "sync <path>"), through the real file system. */
const fsSteps = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    rename: async (from: string, to: string) => {
      await fs.rename(from, to);
      fsSteps.push(`rename ${to}`);
    },
    open: async (path: string, flags?: string) => {
      const handle = await fs.open(path, flags);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        await sync();
        fsSteps.push(`sync ${path}`);
      };
      return handle;
    },
  };
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string) => new TextEncoder().encode(text);

async function read(store: BlobStore, sha256: string): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.open(sha256)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// What every store behind the interface must do; an object-storage store runs the same checks.
let dir: string;
let store: BlobStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-blob-store-'));
  store = new FileBlobStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the blob store (filesystem)', () => {
  it('stores an upload sent in chunks only once the whole of it hashes to its name', async () => {
    const bytes = bytesOf('第一块 then the second chunk');
    await store.writeChunk(sha(bytes), 0, bytes.subarray(0, 10));
    expect(await store.has(sha(bytes))).toBe(false);
    await store.writeChunk(sha(bytes), 10, bytes.subarray(10));
    await store.finish(sha(bytes), bytes.length);
    expect(await store.has(sha(bytes))).toBe(true);
    expect(await read(store, sha(bytes))).toBe('第一块 then the second chunk');
    expect(await store.hasBytesAt(sha(bytes), 10, bytes.subarray(10, 14))).toBe(true);
    expect(await store.hasBytesAt(sha(bytes), 10, bytesOf('nope'))).toBe(false);
  });

  it('drops an upload whose bytes do not match its name, and keeps nothing of it', async () => {
    const named = sha(bytesOf('what was promised'));
    await store.writeChunk(named, 0, bytesOf('what arrived'));
    await expect(store.finish(named, 12)).rejects.toMatchObject({ status: 400, reason: 'hash_mismatch' });
    expect(await store.has(named)).toBe(false);
    await expect(store.storeWhole(named, bytesOf('what arrived'))).rejects.toMatchObject({ reason: 'hash_mismatch' });
    expect(await store.has(named)).toBe(false);
  });

  it('stores a whole blob at once, removes it, and discards an upload in progress', async () => {
    const whole = bytesOf('一张照片');
    await store.storeWhole(sha(whole), whole);
    expect(await read(store, sha(whole))).toBe('一张照片');
    await store.remove(sha(whole));
    expect(await store.has(sha(whole))).toBe(false);

    const partial = bytesOf('half of it');
    await store.writeChunk(sha(partial), 0, partial.subarray(0, 4));
    await store.discardUpload(sha(partial));
    await store.writeChunk(sha(partial), 0, partial);
    await store.finish(sha(partial), partial.length);
    expect(await read(store, sha(partial))).toBe('half of it');
  });

  it('syncs the directory a blob was renamed into, and a directory it made, before the blob counts as stored', async () => {
    const whole = bytesOf('一张照片');
    const chunked = bytesOf('第一块 then the second chunk');
    const [first, second] = [sha(whole), sha(chunked)];
    fsSteps.length = 0;
    await store.storeWhole(first, whole);
    // A power cut after an unsynced rename can bring back the directory without the photo.
    expect(fsSteps.slice(-2)).toEqual([`rename ${join(dir, first.slice(0, 2), first)}`, `sync ${join(dir, first.slice(0, 2))}`]);
    // Its new directory's entry lives in the store's directory.
    expect(fsSteps).toContain(`sync ${dir}`);

    fsSteps.length = 0;
    await store.writeChunk(second, 0, chunked.subarray(0, 10));
    await store.writeChunk(second, 10, chunked.subarray(10));
    await store.finish(second, chunked.length);
    const part = join(dir, 'tmp', `${second}.part`);
    // Two chunks, then the part cut to its length: each synced before the rename.
    expect(fsSteps.filter((step) => step === `sync ${part}`)).toHaveLength(3);
    expect(fsSteps.slice(-2)).toEqual([
      `rename ${join(dir, second.slice(0, 2), second)}`,
      `sync ${join(dir, second.slice(0, 2))}`,
    ]);
  });
});

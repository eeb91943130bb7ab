import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BlobStore, FileBlobStore } from './blob-store.ts';

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
});

import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_ATTACHMENT_BYTES } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let token: string;
beforeEach(async () => {
  server = await startTestServer();
  token = (await server.login('dxg-agent')).token;
});
afterEach(() => server.close());

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const photo = (n: number): Uint8Array<ArrayBuffer> => new Uint8Array(n).map((_, i) => (i * 31 + n) % 251);
const blobFiles = () => {
  const dir = join(server.dataDir, 'blobs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
};

function put(hash: string, bytes: Uint8Array<ArrayBuffer>, type = 'image/jpeg') {
  return server.api(`/api/blobs/${hash}`, { method: 'PUT', token, body: bytes, headers: { 'content-type': type } });
}

describe('content-addressed blob upload', () => {
  it('stores a photo under its SHA-256 once, however often it is sent', async () => {
    const bytes = photo(300_000);
    const hash = sha(bytes);
    expect((await put(hash, bytes)).status).toBe(201);
    expect((await put(hash, bytes)).status).toBe(200);
    expect(blobFiles()).toHaveLength(1);
    const status = await server.api(`/api/blobs/${hash}/status`, { token });
    expect(await status.json()).toEqual({ sha256: hash, size: 300_000, complete: true });
  });

  it('refuses bytes that do not match the hash, and keeps nothing', async () => {
    const bytes = photo(1000);
    const res = await put(sha(photo(999)), bytes);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe('hash_mismatch');
    expect(blobFiles()).toHaveLength(0);
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM blobs').get()).toEqual({ n: 0 });
  });

  it('refuses a blob over the size limit with 413, and keeps nothing', async () => {
    const bytes = photo(MAX_ATTACHMENT_BYTES + 1);
    const res = await put(sha(bytes), bytes);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe('payload_too_large');
    expect(blobFiles()).toHaveLength(0);
  });

  it('refuses a malformed hash and an unsupported type with readable 4xx errors', async () => {
    const bytes = photo(10);
    const badHash = await put('not-a-hash', bytes);
    expect(badHash.status).toBe(400);
    const badType = await put(sha(bytes), bytes, 'text/html');
    expect(badType.status).toBe(415);
    expect(((await badType.json()) as { error: { message: string } }).error.message).toMatch(/JPEG/);
  });

  it('does not let a village read a photo that none of its cases references', async () => {
    const bytes = photo(500);
    const hash = sha(bytes);
    await put(hash, bytes);
    const res = await server.api(`/api/blobs/${hash}`, { token });
    expect(res.status).toBe(404);
  });
});

import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BLOB_CHUNK_BYTES, type BlobStatus, MAX_ATTACHMENT_BYTES, type PullResponse, type Session } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABANDONED_UPLOAD_MS, dropAbandonedUploads } from '../sync/blob-upload.ts';
import { FakeTablet } from '../testing/fixtures.ts';
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
const storedFiles = () => {
  const dir = join(server.dataDir, 'blobs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.endsWith('.part'));
};

function putChunk(hash: string, bytes: Uint8Array<ArrayBuffer>, offset: number, total: number, type = 'image/jpeg') {
  return server.api(`/api/blobs/${hash}/chunks?offset=${offset}&total=${total}`, {
    method: 'PUT',
    token,
    body: bytes.slice(offset, offset + BLOB_CHUNK_BYTES),
    headers: { 'content-type': type },
  });
}

async function status(hash: string): Promise<BlobStatus> {
  return (await (await server.api(`/api/blobs/${hash}/status`, { token })).json()) as BlobStatus;
}

const reasonOf = async (res: Response) => ((await res.json()) as { error: { reason: string; message: string } }).error;

describe('resumable, content-addressed blob upload', () => {
  it('assembles a photo from chunks, verifies it and stores it once however often it is sent', async () => {
    const bytes = photo(BLOB_CHUNK_BYTES * 2 + 1000);
    const hash = sha(bytes);
    for (let offset = 0; offset < bytes.length; offset += BLOB_CHUNK_BYTES) {
      expect((await putChunk(hash, bytes, offset, bytes.length)).status).toBe(200);
    }
    expect(await status(hash)).toEqual({ sha256: hash, size: bytes.length, received: bytes.length, complete: true });
    const again = await putChunk(hash, bytes, 0, bytes.length);
    expect(((await again.json()) as BlobStatus).complete).toBe(true);
    expect(storedFiles()).toHaveLength(1);
  });

  it('resumes after a drop from what the server has, sending no byte twice', async () => {
    const bytes = photo(BLOB_CHUNK_BYTES * 3);
    const hash = sha(bytes);
    await putChunk(hash, bytes, 0, bytes.length);
    await putChunk(hash, bytes, BLOB_CHUNK_BYTES, bytes.length);
    // The link drops here. Later the tablet asks what arrived and continues.
    const resumeAt = (await status(hash)).received;
    expect(resumeAt).toBe(BLOB_CHUNK_BYTES * 2);
    expect((await status(hash)).complete).toBe(false);
    await putChunk(hash, bytes, resumeAt, bytes.length);
    expect((await status(hash)).complete).toBe(true);
  });

  it('answers a chunk at the wrong offset with 409 and where to resume', async () => {
    const bytes = photo(BLOB_CHUNK_BYTES + 10);
    const hash = sha(bytes);
    const res = await putChunk(hash, bytes, BLOB_CHUNK_BYTES, bytes.length);
    expect(res.status).toBe(409);
    expect((await reasonOf(res)).message).toMatch(/resume at byte 0/);
  });

  it('refuses bytes that do not match the hash, and keeps nothing', async () => {
    const bytes = photo(1000);
    const res = await putChunk(sha(photo(999)), bytes, 0, bytes.length);
    expect(res.status).toBe(400);
    expect((await reasonOf(res)).reason).toBe('hash_mismatch');
    expect(storedFiles()).toHaveLength(0);
    expect(await status(sha(photo(999)))).toMatchObject({ received: 0, complete: false });
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM blobs').get()).toEqual({ n: 0 });
  });

  it('stores a photo sent whole in one chunk at once, and refuses a multi-chunk upload that does not match its hash', async () => {
    const small = photo(300_000);
    const res = await putChunk(sha(small), small, 0, small.length);
    expect(await res.json()).toEqual({ sha256: sha(small), size: small.length, received: small.length, complete: true });
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM blob_uploads').get()).toEqual({ n: 0 });

    const large = photo(BLOB_CHUNK_BYTES + 500);
    const wrong = sha(photo(BLOB_CHUNK_BYTES + 499));
    expect((await putChunk(wrong, large, 0, large.length)).status).toBe(200);
    const last = await putChunk(wrong, large, BLOB_CHUNK_BYTES, large.length);
    expect(last.status).toBe(400);
    expect((await reasonOf(last)).reason).toBe('hash_mismatch');
    expect(await status(wrong)).toMatchObject({ received: 0, complete: false });
    expect(storedFiles()).toHaveLength(1);
  });

  it('refuses a declared size over the limit (400) and a chunk over the chunk size (413)', async () => {
    const bytes = photo(100);
    const tooBig = await server.api(`/api/blobs/${sha(bytes)}/chunks?offset=0&total=${MAX_ATTACHMENT_BYTES + 1}`, {
      method: 'PUT',
      token,
      body: bytes,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(tooBig.status).toBe(400);
    const big = photo(BLOB_CHUNK_BYTES + 1);
    const bigChunk = await server.api(`/api/blobs/${sha(big)}/chunks?offset=0&total=${big.length}`, {
      method: 'PUT',
      token,
      body: big,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(bigChunk.status).toBe(413);
    expect((await reasonOf(bigChunk)).reason).toBe('payload_too_large');
    expect(storedFiles()).toHaveLength(0);
  });

  it('refuses a malformed hash and an unsupported type with readable 4xx errors', async () => {
    const bytes = photo(10);
    expect((await putChunk('not-a-hash', bytes, 0, 10)).status).toBe(400);
    const badType = await putChunk(sha(bytes), bytes, 0, 10, 'text/html');
    expect(badType.status).toBe(415);
    expect((await reasonOf(badType)).message).toMatch(/JPEG/);
  });

  it('lets the uploading village read its photo back, and no other village', async () => {
    const bytes = photo(500);
    const hash = sha(bytes);
    await putChunk(hash, bytes, 0, bytes.length);
    expect((await server.api(`/api/blobs/${hash}`, { token })).status).toBe(200);
    const neighbour = await server.login('dnh-agent');
    expect((await server.api(`/api/blobs/${hash}`, { token: neighbour.token })).status).toBe(404);
  });
});

describe('abandoned uploads', () => {
  it('lose their partial bytes after a week; complete photos stay', async () => {
    const big = photo(BLOB_CHUNK_BYTES + 10);
    const half = sha(big);
    expect((await putChunk(half, big, 0, big.length)).status).toBe(200);
    const whole = photo(400);
    await putChunk(sha(whole), whole, 0, whole.length);
    const blobDir = join(server.dataDir, 'blobs');
    const started = server.now();
    expect(await dropAbandonedUploads(server.db, blobDir, new Date(started.getTime() + ABANDONED_UPLOAD_MS - 60_000))).toBe(0);
    expect(await status(half)).toMatchObject({ received: BLOB_CHUNK_BYTES });
    expect(await dropAbandonedUploads(server.db, blobDir, new Date(started.getTime() + ABANDONED_UPLOAD_MS + 60_000))).toBe(1);
    expect(await status(half)).toMatchObject({ received: 0, complete: false });
    expect(existsSync(join(blobDir, 'tmp', `${half}.part`))).toBe(false);
    expect(await status(sha(whole))).toMatchObject({ complete: true });
  });
});

describe('photos belong to the village that uploaded them', () => {
  /** A case of `agent`'s village whose first material shows the photo `hash`. */
  async function caseShowing(agent: Session, hash: string, size: number) {
    const tablet = new FakeTablet(agent, server.now);
    const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
    const applicant = tablet.applicant();
    const opened = tablet.openedCase(applicant, item);
    const key = opened.materials[0]!.key;
    opened.materials[0] = {
      ...opened.materials[0]!,
      status: 'collected',
      attachments: [{ sha256: hash, size, mime: 'image/jpeg', addedAt: server.now().toISOString() }],
    };
    const res = await server.api('/api/sync/push', {
      method: 'POST',
      token: agent.token,
      body: JSON.stringify({
        mutations: [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)],
      }),
    });
    const results = ((await res.json()) as { results: { outcome: string; reason?: string }[] }).results;
    return { results, caseId: opened.id, key, tablet };
  }

  it('refuses another village’s reference to a photo it never uploaded, and tells it nothing about the photo', async () => {
    const owner = await server.login('dxg-agent');
    const bytes = photo(3000);
    const hash = sha(bytes);
    await putChunk(hash, bytes, 0, bytes.length);
    expect((await caseShowing(owner, hash, bytes.length)).results.map((r) => r.outcome)).toEqual(['applied', 'applied']);

    const intruder = await server.login('dnh-agent');
    const tried = await caseShowing(intruder, hash, bytes.length);
    expect(tried.results.map((r) => r.reason ?? r.outcome)).toEqual(['applied', 'forbidden']);
    expect((await server.api(`/api/blobs/${hash}`, { token: intruder.token })).status).toBe(404);
    const seen = (await (await server.api(`/api/blobs/${hash}/status`, { token: intruder.token })).json()) as BlobStatus;
    expect(seen).toEqual({ sha256: hash, size: 0, received: 0, complete: false });
    // The township sees it; so does the village's other tablet.
    const supervisor = await server.login('supervisor');
    expect((await server.api(`/api/blobs/${hash}`, { token: supervisor.token })).status).toBe(200);
    expect((await server.api(`/api/blobs/${hash}`, { token: (await server.login('dxg-agent-b')).token })).status).toBe(200);
  });

  it('lets a village that sends the same bytes itself (chunk by chunk, each checked) use the photo', async () => {
    const bytes = photo(BLOB_CHUNK_BYTES + 1000);
    const hash = sha(bytes);
    for (const offset of [0, BLOB_CHUNK_BYTES]) expect((await putChunk(hash, bytes, offset, bytes.length)).status).toBe(200);
    const other = await server.login('dnh-agent');
    const send = (offset: number, body: Uint8Array<ArrayBuffer>) =>
      server.api(`/api/blobs/${hash}/chunks?offset=${offset}&total=${bytes.length}`, {
        method: 'PUT',
        token: other.token,
        body,
        headers: { 'content-type': 'image/jpeg' },
      });
    const forged = bytes.slice(0, BLOB_CHUNK_BYTES).fill(7);
    expect((await reasonOf(await send(0, forged))).reason).toBe('hash_mismatch');
    expect((await send(0, bytes.slice(0, BLOB_CHUNK_BYTES))).status).toBe(200);
    const last = (await (await send(BLOB_CHUNK_BYTES, bytes.slice(BLOB_CHUNK_BYTES))).json()) as BlobStatus;
    expect(last.complete).toBe(true);
    expect((await caseShowing(other, hash, bytes.length)).results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect((await server.api(`/api/blobs/${hash}`, { token: other.token })).status).toBe(200);
    expect(storedFiles()).toHaveLength(1);
  });
});

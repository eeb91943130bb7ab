import {
  BLOB_BATCH_BYTES,
  BLOB_BATCH_MAX,
  BLOB_CHUNK_BYTES,
  type BlobBatchResult,
  type BlobStatus,
  blobBatchResponseSchema,
} from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { photo, sha, storedFiles as storedBlobFiles } from '../testing/blob-files.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let token: string;
beforeEach(async () => {
  server = await startTestServer();
  token = (await server.login('dxg-agent')).token;
});
afterEach(() => server.close());

const storedFiles = () => storedBlobFiles(server.dataDir);
const blobRows = async () => ((await server.db.get('SELECT COUNT(*) AS n FROM blobs')) as { n: number }).n;

type Part = { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string };

function form(parts: Part[]): FormData {
  const body = new FormData();
  for (const { name, bytes, type = 'image/jpeg' } of parts) body.append(name, new Blob([bytes], { type }), name);
  return body;
}

const partOf = (bytes: Uint8Array<ArrayBuffer>): Part => ({ name: sha(bytes), bytes });

function postBatch(body: FormData | Uint8Array<ArrayBuffer>, as = token, headers: Record<string, string> = {}) {
  return server.api('/api/blobs/batch', { method: 'POST', token: as, body, headers });
}

async function results(res: Response): Promise<BlobBatchResult[]> {
  expect(res.status).toBe(200);
  return blobBatchResponseSchema.parse(await res.json()).results;
}

async function status(hash: string): Promise<BlobStatus> {
  return (await (await server.api(`/api/blobs/${hash}/status`, { token })).json()) as BlobStatus;
}

const reasonOf = async (res: Response) => ((await res.json()) as { error: { reason: string; message: string } }).error;

describe('photos uploaded several to a request', () => {
  it('stores each photo of a batch, answers each complete, and stores nothing twice when the batch is sent again', async () => {
    const photos = [photo(150_000), photo(300_000), photo(400_000)];
    const answer = await results(await postBatch(form(photos.map(partOf))));
    expect(answer).toEqual(photos.map((p) => ({ sha256: sha(p), size: p.length, received: p.length, complete: true })));
    for (const p of photos) expect(await status(sha(p))).toMatchObject({ complete: true });
    expect(storedFiles()).toHaveLength(3);

    // The answer was lost on the way back: the tablet sends the same batch again.
    expect((await results(await postBatch(form(photos.map(partOf))))).every((r) => 'complete' in r && r.complete)).toBe(true);
    expect([storedFiles().length, await blobRows()]).toEqual([3, 3]);

    const back = await server.api(`/api/blobs/${sha(photos[1]!)}`, { token });
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(photos[1]);
  });

  it('answers a photo whose bytes do not match its name on its own, and stores the others', async () => {
    const good = [photo(200_000), photo(210_000)];
    const forged = { name: sha(photo(1_000)), bytes: photo(220_000) };
    const answer = await results(await postBatch(form([partOf(good[0]!), forged, partOf(good[1]!)])));
    expect(answer[0]).toMatchObject({ complete: true });
    expect(answer[1]).toMatchObject({ sha256: forged.name, status: 400, error: { reason: 'hash_mismatch' } });
    expect(answer[2]).toMatchObject({ complete: true });
    expect(
      storedFiles()
        .map((f) => f.name)
        .sort(),
    ).toEqual(good.map(sha).sort());
    expect(await status(forged.name)).toMatchObject({ received: 0, complete: false });
  });

  it('answers 409 for a photo whose chunked upload is under way, so the tablet resumes it', async () => {
    const big = photo(BLOB_CHUNK_BYTES - 10);
    const half = big.slice(0, 100_000);
    const started = await server.api(`/api/blobs/${sha(big)}/chunks?offset=0&total=${big.length}`, {
      method: 'PUT',
      token,
      body: half,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(started.status).toBe(200);
    const [answer] = await results(await postBatch(form([partOf(big)])));
    expect(answer).toMatchObject({ status: 409, error: { reason: 'out_of_order' } });
    expect(await status(sha(big))).toMatchObject({ received: 100_000, complete: false });
  });

  it('refuses a malformed batch whole, with a readable 4xx, and stores none of it', async () => {
    const a = photo(100_000);
    const b = photo(100_001);
    const named = (name: string, bytes = a, type?: string) => ({ name, bytes, ...(type ? { type } : {}) });
    const withText = form([partOf(a)]);
    withText.append(sha(b), 'not a file');
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['a part not named by a hash', () => postBatch(form([partOf(b), named('photo.jpg')])), 400, 'bad_request'],
      ['the same photo twice', () => postBatch(form([partOf(a), partOf(a)])), 400, 'bad_request'],
      ['a part that is not a file', () => postBatch(withText), 400, 'bad_request'],
      ['an unsupported type', () => postBatch(form([partOf(b), named(sha(a), a, 'text/html')])), 415, 'bad_request'],
      [
        'more photos than a batch holds',
        () => postBatch(form(Array.from({ length: BLOB_BATCH_MAX + 1 }, (_, i) => partOf(photo(1_000 + i))))),
        400,
        'bad_request',
      ],
      [
        'a photo bigger than a chunk',
        () => postBatch(form([partOf(b), partOf(photo(BLOB_CHUNK_BYTES + 1))])),
        413,
        'payload_too_large',
      ],
      [
        'more bytes than a batch holds',
        () => postBatch(form([partOf(photo(BLOB_CHUNK_BYTES)), partOf(photo(BLOB_CHUNK_BYTES - 1)), partOf(photo(10_000))])),
        413,
        'payload_too_large',
      ],
      ['a body that is not multipart', () => postBatch(a, token, { 'content-type': 'image/jpeg' }), 415, 'bad_request'],
      ['an empty batch', () => postBatch(new FormData()), 400, 'bad_request'],
    ];
    for (const [what, send, code, reason] of cases) {
      const res = await send();
      expect([what, res.status]).toEqual([what, code]);
      const error = await reasonOf(res);
      expect([what, error.reason]).toEqual([what, reason]);
      expect(error.message.length).toBeGreaterThan(5);
    }
    expect([storedFiles().length, await blobRows()]).toEqual([0, 0]);
    expect(2 * BLOB_CHUNK_BYTES - 1 + 10_000).toBeGreaterThan(BLOB_BATCH_BYTES);
  });

  it('stores nothing of a batch whose body was cut off on the way', async () => {
    const photos = [photo(300_000), photo(300_001)];
    const whole = new Request('http://x/', { method: 'POST', body: form(photos.map(partOf)) });
    const bytes = new Uint8Array(await whole.arrayBuffer());
    const cut = bytes.slice(0, bytes.length - 150_000);
    const res = await postBatch(cut, token, { 'content-type': whole.headers.get('content-type')! });
    expect(res.status).toBe(400);
    expect((await reasonOf(res)).reason).toBe('bad_request');
    expect([storedFiles().length, await blobRows()]).toEqual([0, 0]);
  });

  it('counts a batch’s photos against the device’s quota together: the ones past it are refused with 429', async () => {
    await server.close();
    server = await startTestServer({ unreferencedBlobQuota: 700_000 });
    token = (await server.login('dxg-agent')).token;
    const photos = [photo(300_000), photo(300_001), photo(300_002)];
    const answer = await results(await postBatch(form(photos.map(partOf))));
    const refused = answer.filter((r) => 'status' in r);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ status: 429, error: { reason: 'blob_quota_exceeded' } });
    expect(storedFiles()).toHaveLength(2);
  });

  it('is for the people who upload: an administrator is refused, a supervisor may', async () => {
    const a = photo(120_000);
    const admin = await server.login('admin');
    expect((await postBatch(form([partOf(a)]), admin.token)).status).toBe(403);
    expect(storedFiles()).toHaveLength(0);
    const supervisor = await server.login('supervisor');
    expect(await results(await postBatch(form([partOf(a)]), supervisor.token))).toEqual([
      { sha256: sha(a), size: a.length, received: a.length, complete: true },
    ]);
  });
});

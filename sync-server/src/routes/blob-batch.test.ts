import { connect } from 'node:net';
import {
  BLOB_BATCH_BYTES,
  BLOB_BATCH_MAX,
  BLOB_BATCH_PHOTOS_HEADER,
  BLOB_BATCH_TYPE,
  BLOB_CHUNK_BYTES,
  type BlobBatchResult,
  type BlobStatus,
  blobBatchResponseSchema,
  photoBatchRequest,
} from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
type Body = { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> };

/** The two forms of a batch: as tablets send it, and multipart as tablets of older versions do. */
const encodings = {
  concatenated: async (parts: Part[]): Promise<Body> =>
    photoBatchRequest(parts.map(({ name, bytes, type = 'image/jpeg' }) => ({ sha256: name, bytes, mime: type }))),
  multipart: async (parts: Part[]): Promise<Body> => {
    const form = new FormData();
    for (const { name, bytes, type = 'image/jpeg' } of parts) form.append(name, new Blob([bytes], { type }), name);
    return multipartBody(form);
  },
};

async function multipartBody(form: FormData): Promise<Body> {
  const request = new Request('http://x/', { method: 'POST', body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

const partOf = (bytes: Uint8Array<ArrayBuffer>): Part => ({ name: sha(bytes), bytes });

function post({ body, headers }: Body, as = token) {
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

describe.each(Object.entries(encodings))('photos uploaded several to a request (%s)', (_, encode) => {
  const postBatch = async (parts: Part[], as = token) => post(await encode(parts), as);

  it('stores each photo of a batch, answers each complete, and stores nothing twice when the batch is sent again', async () => {
    const photos = [photo(150_000), photo(300_000), photo(400_000)];
    const answer = await results(await postBatch(photos.map(partOf)));
    expect(answer).toEqual(photos.map((p) => ({ sha256: sha(p), size: p.length, received: p.length, complete: true })));
    for (const p of photos) expect(await status(sha(p))).toMatchObject({ complete: true });
    expect(storedFiles()).toHaveLength(3);

    // The answer was lost on the way back: the tablet sends the same batch again.
    expect((await results(await postBatch(photos.map(partOf)))).every((r) => 'complete' in r && r.complete)).toBe(true);
    expect([storedFiles().length, await blobRows()]).toEqual([3, 3]);

    const back = await server.api(`/api/blobs/${sha(photos[1]!)}`, { token });
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(photos[1]);
  });

  it('writes the rows of a batch’s photos in one transaction, so the batch costs one commit', async () => {
    const transactions = vi.spyOn(server.db, 'transaction');
    const photos = [photo(100_000), photo(100_001), photo(100_002)];
    expect((await results(await postBatch(photos.map(partOf)))).every((r) => 'complete' in r && r.complete)).toBe(true);
    expect([transactions.mock.calls.length, await blobRows()]).toEqual([1, 3]);
  });

  it('answers a photo whose bytes do not match its name on its own, and stores the others', async () => {
    const good = [photo(200_000), photo(210_000)];
    const forged = { name: sha(photo(1_000)), bytes: photo(220_000) };
    const answer = await results(await postBatch([partOf(good[0]!), forged, partOf(good[1]!)]));
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
    const [answer] = await results(await postBatch([partOf(big)]));
    expect(answer).toMatchObject({ status: 409, error: { reason: 'out_of_order' } });
    expect(await status(sha(big))).toMatchObject({ received: 100_000, complete: false });
  });

  it('refuses a malformed batch whole, with a readable 4xx, and stores none of it', async () => {
    const a = photo(100_000);
    const b = photo(100_001);
    const named = (name: string, bytes = a, type?: string) => ({ name, bytes, ...(type ? { type } : {}) });
    // As many photos of a chunk each as a batch's bytes hold, and one more of 10 kB.
    const overfull = [
      ...Array.from({ length: BLOB_BATCH_BYTES / BLOB_CHUNK_BYTES }, (_, i) => photo(BLOB_CHUNK_BYTES - i)),
      photo(10_000),
    ];
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['a part not named by a hash', () => postBatch([partOf(b), named('photo.jpg')]), 400, 'bad_request'],
      ['the same photo twice', () => postBatch([partOf(a), partOf(a)]), 400, 'bad_request'],
      ['an unsupported type', () => postBatch([partOf(b), named(sha(a), a, 'text/html')]), 415, 'bad_request'],
      [
        'more photos than a batch holds',
        () => postBatch(Array.from({ length: BLOB_BATCH_MAX + 1 }, (_, i) => partOf(photo(1_000 + i)))),
        400,
        'bad_request',
      ],
      [
        'a photo bigger than a chunk',
        () => postBatch([partOf(b), partOf(photo(BLOB_CHUNK_BYTES + 1))]),
        413,
        'payload_too_large',
      ],
      ['more bytes than a batch holds', () => postBatch(overfull.map(partOf)), 413, 'payload_too_large'],
      ['a body of another type', () => post({ body: a, headers: { 'content-type': 'image/jpeg' } }), 415, 'bad_request'],
      ['an empty batch', () => postBatch([]), 400, 'bad_request'],
    ];
    for (const [what, send, code, reason] of cases) {
      const res = await send();
      expect([what, res.status]).toEqual([what, code]);
      const error = await reasonOf(res);
      expect([what, error.reason]).toEqual([what, reason]);
      expect(error.message.length).toBeGreaterThan(5);
    }
    expect([storedFiles().length, await blobRows()]).toEqual([0, 0]);
    expect(overfull.reduce((n, p) => n + p.length, 0)).toBeGreaterThan(BLOB_BATCH_BYTES);
    expect(overfull.length).toBeLessThanOrEqual(BLOB_BATCH_MAX);
  });

  it('stores nothing of a batch whose body was cut off on the way', async () => {
    const { body, headers } = await encode([photo(300_000), photo(300_001)].map(partOf));
    const res = await post({ body: body.slice(0, body.length - 150_000), headers });
    expect(res.status).toBe(400);
    expect((await reasonOf(res)).reason).toBe('bad_request');
    expect([storedFiles().length, await blobRows()]).toEqual([0, 0]);
  });

  it('counts a batch’s photos against the device’s quota together: the ones past it are refused with 429', async () => {
    await server.close();
    server = await startTestServer({ unreferencedBlobQuota: 700_000 });
    token = (await server.login('dxg-agent')).token;
    const photos = [photo(300_000), photo(300_001), photo(300_002)];
    const answer = await results(await postBatch(photos.map(partOf)));
    const refused = answer.filter((r) => 'status' in r);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ status: 429, error: { reason: 'blob_quota_exceeded' } });
    expect(storedFiles()).toHaveLength(2);
  });

  it('is for the people who upload: an administrator is refused, a supervisor may', async () => {
    const a = photo(120_000);
    const admin = await server.login('admin');
    expect((await postBatch([partOf(a)], admin.token)).status).toBe(403);
    expect(storedFiles()).toHaveLength(0);
    const supervisor = await server.login('supervisor');
    expect(await results(await postBatch([partOf(a)], supervisor.token))).toEqual([
      { sha256: sha(a), size: a.length, received: a.length, complete: true },
    ]);
  });
});

describe('a batch as tablets send it: the photos one after another, named in a header', () => {
  it('refuses a header that does not name every file, or a body that does not hold them, and stores nothing', async () => {
    const photos = [photo(200_000), photo(200_001)];
    const { body, headers } = await encodings.concatenated(photos.map(partOf));
    const header = headers[BLOB_BATCH_PHOTOS_HEADER]!;
    const cases: [string, Body][] = [
      ['no header', { body, headers: { 'content-type': BLOB_BATCH_TYPE } }],
      [
        'a size that is not a number',
        { body, headers: { ...headers, [BLOB_BATCH_PHOTOS_HEADER]: header.replace('200000', 'big') } },
      ],
      [
        'a file without its type',
        { body, headers: { ...headers, [BLOB_BATCH_PHOTOS_HEADER]: header.replace(/ image\/jpeg$/, '') } },
      ],
      ['a body longer than the files named', { body: new Uint8Array([...body, 0]), headers }],
      ['a body shorter than the files named', { body: body.slice(1), headers }],
      [
        'sizes that cut the photos in the wrong place',
        {
          body,
          headers: { ...headers, [BLOB_BATCH_PHOTOS_HEADER]: header.replace('200000', '199999').replace('200001', '200002') },
        },
      ],
    ];
    for (const [what, batch] of cases) {
      const res = await post(batch);
      if (what.startsWith('sizes')) {
        // The body is as long as the header says: each photo is checked against its hash and refused alone.
        expect([what, (await results(res)).map((r) => ('status' in r ? r.status : 200))]).toEqual([what, [400, 400]]);
        continue;
      }
      expect([what, res.status]).toEqual([what, 400]);
      expect([what, (await reasonOf(res)).reason]).toEqual([what, 'bad_request']);
    }
    expect([storedFiles().length, await blobRows()]).toEqual([0, 0]);
  });

  it('refuses a batch that does not declare its length (411), and stores nothing', async () => {
    const { body, headers } = await encodings.concatenated([photo(100_000)].map(partOf));
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(body);
        controller.close();
      },
    });
    const res = await server.api('/api/blobs/batch', {
      method: 'POST',
      token,
      body: streamed,
      headers,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(res.status).toBe(411);
    expect((await reasonOf(res)).reason).toBe('bad_request');
    expect([storedFiles().length, await blobRows()]).toEqual([0, 0]);
  });

  it('stores nothing of a batch whose connection is cut before its declared length arrived, and answers the next', async () => {
    const photos = [photo(300_000), photo(300_001)];
    const { body, headers } = await encodings.concatenated(photos.map(partOf));
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const head = [
      'POST /api/blobs/batch HTTP/1.1',
      `Host: ${hostname}:${port}`,
      `Authorization: Bearer ${token}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      `Content-Length: ${body.length}`,
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    socket.write(body.subarray(0, 400_000));
    // Let the server read what arrived, then drop the link.
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([storedFiles().length, await blobRows()]).toEqual([0, 0]);
    expect((await results(await post({ body, headers }))).every((r) => 'complete' in r && r.complete)).toBe(true);
    expect([storedFiles().length, await blobRows()]).toEqual([2, 2]);
  });

  it('still reads multipart from a tablet of an older version, but refuses a part that is not a file', async () => {
    const a = photo(100_000);
    const form = new FormData();
    form.append(sha(a), new Blob([a], { type: 'image/jpeg' }), sha(a));
    form.append(sha(photo(100_001)), 'not a file');
    const res = await post(await multipartBody(form));
    expect(res.status).toBe(400);
    expect((await reasonOf(res)).reason).toBe('bad_request');
    expect([storedFiles().length, await blobRows()]).toEqual([0, 0]);
  });
});

import { BLOB_BATCH_BYTES, BLOB_BATCH_MAX, BLOB_CHUNK_BYTES } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredBlob } from '../data/db.ts';
import { dropAnswerOnce, intake } from '../testing/sync-fixtures.ts';
import { signedInTablet, type TestTablet } from '../testing/test-tablet.ts';
import { type ApiClient, NetworkError } from './api-client.ts';
import { FIRST_BATCH_BYTES, nextBatchBytes, takeUpload, UPLOAD_LANES, uploadBlobs } from './photo-upload.ts';
import { pullChanges, pushOutbox } from './sync-engine.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const count = async (sql: string) => ((await server.db.get(sql)) as { n: number }).n;

/** Counts, through an API made by `wrap`, the most uploads (chunks and batches) in flight at once since the start or `reset`. */
function inFlightUploads(wrap: (api: ApiClient) => ApiClient = (api) => api) {
  let inFlight = 0;
  let most = 0;
  const counted =
    <A extends unknown[], R>(send: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      most = Math.max(most, ++inFlight);
      try {
        return await send(...args);
      } finally {
        inFlight -= 1;
      }
    };
  return {
    api: (inner: ApiClient): ApiClient => {
      const wrapped = wrap(inner);
      return { ...wrapped, putChunk: counted(wrapped.putChunk), putBlobs: counted(wrapped.putBlobs) };
    },
    most: () => most,
    reset: () => {
      most = inFlight;
    },
  };
}

/** Attaches `n` different photos of `size` bytes (three fit in a batch) to the first material of the case. */
async function attachPhotos(tablet: TestTablet, caseId: string, n: number, size = 300_000) {
  const [item] = await tablet.db.serviceItems.toArray();
  for (let i = 1; i <= n; i++) {
    await tablet.commands.attachFile(
      caseId,
      item!.materials[0]!.key,
      new Blob([new Uint8Array(size).fill(i)], { type: 'image/jpeg' }),
    );
  }
}

/** Counts, through an API made by `wrap`, the status questions asked and the chunk bytes sent. */
function countingUploads(wrap: (api: ApiClient) => ApiClient) {
  const counts = { asked: 0, sent: 0 };
  const api = (inner: ApiClient): ApiClient => {
    const wrapped = wrap(inner);
    return {
      ...wrapped,
      blobStatus: (sha256) => {
        counts.asked += 1;
        return wrapped.blobStatus(sha256);
      },
      putChunk: (sha256, chunk, offset, total, mime) => {
        counts.sent += chunk.size;
        return wrapped.putChunk(sha256, chunk, offset, total, mime);
      },
    };
  };
  return { counts, api };
}

describe('photo upload against the real server', () => {
  it('uploads a photo again after a drop, and the server stores it once', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent', dropAnswerOnce('putChunk'));
    await pullChanges(tablet.db, tablet.api);
    await intake(tablet);
    await pushOutbox(tablet.db, tablet.api);
    await expect(uploadBlobs(tablet.db, tablet.api)).rejects.toThrow(NetworkError);
    expect(await tablet.db.blobOutbox.count()).toBe(1);
    await uploadBlobs(tablet.db, tablet.api);
    expect(await tablet.db.blobOutbox.count()).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(1);
  });

  it('sends a photo never tried without asking first; after a lost answer it asks and sends nothing twice', async () => {
    const uploads = countingUploads(dropAnswerOnce('putChunk'));
    const tablet = await signedInTablet(server.url, 'dxg-agent', uploads.api);
    await pullChanges(tablet.db, tablet.api);
    await intake(tablet);
    await pushOutbox(tablet.db, tablet.api);
    await expect(uploadBlobs(tablet.db, tablet.api)).rejects.toThrow(NetworkError);
    expect(uploads.counts).toEqual({ asked: 0, sent: 50_000 });
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(1);
    await uploadBlobs(tablet.db, tablet.api);
    expect(uploads.counts).toEqual({ asked: 1, sent: 50_000 });
    expect(await tablet.db.blobOutbox.count()).toBe(0);
  });

  it('fills later batches past the first megabyte once the link has carried one fast, within the most a batch holds', async () => {
    const batches: number[] = [];
    const tablet = await signedInTablet(server.url, 'dxg-agent', (api) => ({
      ...api,
      putBlobs: (photos) => {
        batches.push(photos.reduce((n, p) => n + p.bytes.byteLength, 0));
        return api.putBlobs(photos);
      },
    }));
    await pullChanges(tablet.db, tablet.api);
    await attachPhotos(tablet, await intake(tablet), 18);
    await pushOutbox(tablet.db, tablet.api);
    await uploadBlobs(tablet.db, tablet.api);
    // The lanes' first batches leave before any answer: a megabyte each. Loopback answers in far less than a second.
    expect(batches.slice(0, UPLOAD_LANES).every((bytes) => bytes <= FIRST_BATCH_BYTES)).toBe(true);
    expect(Math.max(...batches)).toBeGreaterThan(FIRST_BATCH_BYTES);
    expect(Math.max(...batches)).toBeLessThanOrEqual(BLOB_BATCH_BYTES);
    expect(await tablet.db.blobOutbox.count()).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(19);
  });

  it('sends photos that fit in a chunk several to a request; after a lost answer each of those asks first and nothing is sent twice', async () => {
    const sent = { batches: [] as number[][], asked: 0, chunks: 0 };
    const tablet = await signedInTablet(server.url, 'dxg-agent', (inner) => {
      const api = dropAnswerOnce('putBlobs')(inner);
      return {
        ...api,
        putBlobs: (photos) => {
          sent.batches.push(photos.map((p) => p.bytes.byteLength));
          return api.putBlobs(photos);
        },
        blobStatus: (sha256) => {
          sent.asked += 1;
          return api.blobStatus(sha256);
        },
        putChunk: (sha256, chunk, offset, total, mime) => {
          sent.chunks += 1;
          return api.putChunk(sha256, chunk, offset, total, mime);
        },
      };
    });
    await pullChanges(tablet.db, tablet.api);
    await attachPhotos(tablet, await intake(tablet), 5);
    await pushOutbox(tablet.db, tablet.api);
    await expect(uploadBlobs(tablet.db, tablet.api)).rejects.toThrow(NetworkError);
    // Six photos, 1.55 MB: two or three requests where each photo took its own; a lone photo goes as a chunk.
    expect(sent.batches.length + sent.chunks).toBeLessThanOrEqual(3);
    expect(sent.batches.flat().length + sent.chunks).toBe(6);
    for (const batch of sent.batches) {
      expect(batch.length).toBeGreaterThan(1);
      expect(batch.reduce((n, b) => n + b, 0)).toBeLessThanOrEqual(BLOB_BATCH_BYTES);
    }
    // The lost answer's photos reached the server; the tablet does not know it yet.
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(6);
    const lost = await tablet.db.blobOutbox.count();
    expect(lost).toBeGreaterThan(1);

    const before = { ...sent, batches: sent.batches.length };
    await uploadBlobs(tablet.db, tablet.api);
    expect(sent.asked).toBe(before.asked + lost);
    expect([sent.batches.length, sent.chunks]).toEqual([before.batches, before.chunks]);
    expect(await tablet.db.blobOutbox.count()).toBe(0);
  });

  it('resumes a multi-chunk upload after a drop, sending at most one chunk twice', async () => {
    const uploads = countingUploads(dropAnswerOnce('putChunk', 2));
    const tablet = await signedInTablet(server.url, 'dxg-agent', uploads.api);
    await pullChanges(tablet.db, tablet.api);
    const caseId = await intake(tablet);
    const size = Math.round(BLOB_CHUNK_BYTES * 3.5);
    const [item] = await tablet.db.serviceItems.toArray();
    await tablet.commands.attachFile(
      caseId,
      item!.materials[1]!.key,
      new Blob([new Uint8Array(size).map((_, i) => i % 253)], { type: 'image/png' }),
    );
    await pushOutbox(tablet.db, tablet.api);
    uploads.counts.sent = 0;
    await expect(uploadBlobs(tablet.db, tablet.api)).rejects.toThrow(NetworkError);
    await uploadBlobs(tablet.db, tablet.api);
    expect(await tablet.db.blobOutbox.count()).toBe(0);
    const needed = 50_000 + size;
    expect(uploads.counts.sent - needed).toBeLessThanOrEqual(BLOB_CHUNK_BYTES);
    expect(uploads.counts.sent).toBeGreaterThanOrEqual(needed);
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(2);
  });

  it('uploads photos a few at a time; after a drop it starts no new photo and the rest wait for the next sync', async () => {
    const lanes = inFlightUploads(dropAnswerOnce('putBlobs'));
    const tablet = await signedInTablet(server.url, 'dxg-agent', lanes.api);
    await pullChanges(tablet.db, tablet.api);
    await attachPhotos(tablet, await intake(tablet), 15);
    await pushOutbox(tablet.db, tablet.api);
    await expect(uploadBlobs(tablet.db, tablet.api)).rejects.toThrow(NetworkError);
    expect(lanes.most()).toBe(UPLOAD_LANES);
    const left = await tablet.db.blobOutbox.count();
    // The uploads in flight finished; the batch whose answer was lost and the ones never started wait.
    expect(left).toBeGreaterThanOrEqual(4);
    expect(left).toBeLessThan(16);
    await uploadBlobs(tablet.db, tablet.api);
    expect(await tablet.db.blobOutbox.count()).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(16);
  });

  it('uploads one request at a time while the records are still syncing, and all lanes once they are through', async () => {
    let release: () => void = () => {};
    const records = new Promise<void>((resolve) => {
      release = resolve;
    });
    const lanes = inFlightUploads();
    const tablet = await signedInTablet(server.url, 'dxg-agent', lanes.api);
    await pullChanges(tablet.db, tablet.api);
    // Each bigger than a chunk, so each is an upload of its own (batches would grow and leave lanes idle).
    await attachPhotos(tablet, await intake(tablet), 18, BLOB_CHUNK_BYTES + 1_000);
    const uploading = uploadBlobs(tablet.db, tablet.api, undefined, records);
    // Photos go up before any record did: the server keeps them until the case that names them arrives.
    while ((await count('SELECT COUNT(*) AS n FROM blobs')) < 3) await new Promise((r) => setTimeout(r, 10));
    expect(lanes.most()).toBe(1);
    lanes.reset();
    release();
    await uploading;
    expect(lanes.most()).toBe(UPLOAD_LANES);
    expect(await tablet.db.blobOutbox.count()).toBe(0);
    await pushOutbox(tablet.db, tablet.api);
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(19);
  });
});

const photoArb = fc.record({
  sha256: fc.uuid(),
  size: fc.oneof(
    fc.integer({ min: 1, max: BLOB_CHUNK_BYTES }),
    fc.integer({ min: BLOB_CHUNK_BYTES + 1, max: 3 * BLOB_CHUNK_BYTES }),
  ),
  tried: fc.boolean(),
});

describe('takeUpload', () => {
  it('sends every photo once; batches only photos never tried that fit in a chunk, within the batch limits', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(photoArb, { selector: (p) => p.sha256, maxLength: 60 }),
        fc.array(fc.integer({ min: FIRST_BATCH_BYTES, max: BLOB_BATCH_BYTES }), { minLength: 1 }),
        (photos, budgets) => {
          const waiting = photos.map(
            (p): StoredBlob => ({ sha256: p.sha256, size: p.size, mime: 'image/jpeg', blob: new Blob([]) }),
          );
          const tried = new Set(photos.filter((p) => p.tried).map((p) => p.sha256));
          const batchable = (p: StoredBlob) => !tried.has(p.sha256) && p.size <= BLOB_CHUNK_BYTES;
          const queue = [...waiting];
          const taken: StoredBlob[][] = [];
          for (let step = 0; queue.length > 0; step++) {
            const budget = budgets[step % budgets.length]!;
            const upload = takeUpload(queue, tried, budget);
            taken.push(upload);
            expect(upload.length).toBeGreaterThan(0);
            if (upload.length === 1) continue;
            expect(upload.length).toBeLessThanOrEqual(BLOB_BATCH_MAX);
            const bytes = upload.reduce((n, p) => n + p.size, 0);
            expect(bytes).toBeLessThanOrEqual(budget);
            for (const p of upload) expect(batchable(p)).toBe(true);
            // A batch closes only when the next photo it could take would not fit.
            const next = queue.find(batchable);
            if (next) expect(upload.length === BLOB_BATCH_MAX || bytes + next.size > budget).toBe(true);
          }
          const ids = (list: StoredBlob[]) => list.map((p) => p.sha256).sort();
          expect(ids(taken.flat())).toEqual(ids(waiting));
          expect(takeUpload(queue, tried, FIRST_BATCH_BYTES)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('nextBatchBytes', () => {
  it('keeps batches at 1 MiB on a village link and fills them to the most a batch holds on a fast one', () => {
    // 2 Mbit/s: a megabyte in about 4 s.
    expect(nextBatchBytes(FIRST_BATCH_BYTES, 4.2)).toBe(FIRST_BATCH_BYTES);
    expect(nextBatchBytes(FIRST_BATCH_BYTES, 0.5)).toBe(2 * FIRST_BATCH_BYTES);
    expect(nextBatchBytes(FIRST_BATCH_BYTES, 0.05)).toBe(BLOB_BATCH_BYTES);
    expect(nextBatchBytes(FIRST_BATCH_BYTES, 0)).toBe(BLOB_BATCH_BYTES);
  });
});

// Photos and scans going up: batched when small and never tried, resumable in chunks otherwise,
// in lanes beside the records (sync-loop.ts runs them).
import { BLOB_BATCH_BYTES, BLOB_BATCH_MAX, BLOB_CHUNK_BYTES, type BlobBatchResult, type BlobStatus } from '@daiban/schemas';
import { waitingPhotos } from '../data/blob-outbox.ts';
import type { DaibanDb, StoredBlob } from '../data/db.ts';
import { openPhoto, openPhotoBytes } from '../data/vault.ts';
import { type ApiClient, ServerError } from './api-client.ts';
import type { OnProgress } from './sync-engine.ts';

/**
 * Photos upload this many at a time. On a slow link with a long round trip, one photo at a time
 * leaves the link idle while each status question and chunk answer travels; a few in flight
 * keep it busy. A cut connection still costs at most the one chunk it carried.
 */
export const UPLOAD_LANES = 3;

/**
 * The first batch holds at most this many bytes: a village link (2 Mbit/s) carries it in about 4 s,
 * and a cut loses no more. While batches travel faster than BATCH_SECONDS a megabyte, the next one
 * grows towards BLOB_BATCH_BYTES: on a fast link each request costs both ends a fixed price (a commit
 * on each, a request through the browser) that a bigger batch shares among more photos.
 */
export const FIRST_BATCH_BYTES = 1024 * 1024;
const BATCH_SECONDS = 1;

/** The bytes of the next batch, after one of `bytes` was answered in `seconds`: what the link carries in BATCH_SECONDS, within bounds. */
export function nextBatchBytes(bytes: number, seconds: number): number {
  const carried = seconds > 0 ? (bytes / seconds) * BATCH_SECONDS : Number.POSITIVE_INFINITY;
  return Math.max(FIRST_BATCH_BYTES, Math.min(BLOB_BATCH_BYTES, Math.floor(carried)));
}

/**
 * Uploads every photo the server does not have yet. Photos never tried and small enough for one
 * chunk (the usual ones) go several to a request (`nextBatchBytes`), whole; any other photo
 * goes resumably: it asks what arrived and sends the rest in chunks, so after a drop at most one
 * chunk travels twice. The server verifies each whole hash; only then is a photo marked uploaded
 * here. After a failure no new upload starts; the ones in flight finish or fail, then the first
 * error is thrown.
 *
 * Photos need not wait for the records that name them (the server keeps a photo no case names yet,
 * within the device's quota). While `recordsFirst` is unsettled (records are being pushed and
 * pulled), one request travels at a time, so the small urgent records keep most of a weak link;
 * once it settles, UPLOAD_LANES do.
 */
export async function uploadBlobs(
  db: DaibanDb,
  api: ApiClient,
  onProgress: OnProgress = () => {},
  recordsFirst: Promise<unknown> = Promise.resolve(),
) {
  const waiting = await waitingPhotos(db);
  const tried = triedUploads(db);
  const total = waiting.reduce((n, b) => n + b.size, 0);
  let done = 0;
  if (waiting.length > 0) onProgress({ phase: 'blobs', done, total });
  const inFlight = new Map<string, number>();
  const report = () => onProgress({ phase: 'blobs', done: done + [...inFlight.values()].reduce((n, r) => n + r, 0), total });
  const progress = (sha256: string) => (received: number) => {
    inFlight.set(sha256, received);
    report();
  };
  let failure: { error: unknown } | undefined;
  const queue = [...waiting];
  let batchBytes = FIRST_BATCH_BYTES;

  async function lane() {
    for (
      let photos = takeUpload(queue, tried, batchBytes);
      photos.length > 0 && !failure;
      photos = takeUpload(queue, tried, batchBytes)
    ) {
      try {
        if (photos.length === 1) await uploadOne(photos[0]!);
        else await uploadBatch(photos);
      } catch (error) {
        failure ??= { error };
      } finally {
        for (const p of photos) inFlight.delete(p.sha256);
        report();
      }
    }
  }

  async function uploadOne(stored: StoredBlob) {
    const askFirst = tried.has(stored.sha256);
    tried.add(stored.sha256);
    await uploadBlob(api, { ...stored, blob: await openPhoto(db, stored) }, progress(stored.sha256), askFirst);
    await uploaded([stored]);
  }

  async function uploadBatch(photos: StoredBlob[]) {
    for (const p of photos) tried.add(p.sha256);
    const opened = await Promise.all(photos.map(async (p) => ({ ...p, bytes: await openPhotoBytes(db, p) })));
    const sent = performance.now();
    const answers = new Map((await api.putBlobs(opened)).results.map((r) => [r.sha256, r]));
    batchBytes = nextBatchBytes(
      photos.reduce((n, p) => n + p.size, 0),
      (performance.now() - sent) / 1000,
    );
    await uploaded(photos.filter((p) => isComplete(answers.get(p.sha256))));
    for (const p of opened) {
      const answer = answers.get(p.sha256);
      if (isComplete(answer)) continue;
      if (answer && 'error' in answer && answer.status !== 409) {
        throw new ServerError(answer.status, answer.error.reason, answer.error.message);
      }
      // An upload of it under way (409), or no answer: it goes the resumable way, asking first.
      await uploadBlob(api, { ...p, blob: new Blob([p.bytes], { type: p.mime }) }, progress(p.sha256));
      await uploaded([p]);
    }
  }

  /** Takes photos the server verified out of the photo outbox, in one transaction. */
  async function uploaded(photos: StoredBlob[]) {
    if (photos.length === 0) return;
    await db.blobOutbox.bulkDelete(photos.map((p) => p.sha256));
    for (const p of photos) {
      tried.delete(p.sha256);
      done += p.size;
    }
  }

  const lanes = Math.min(UPLOAD_LANES, queue.length);
  // One lane starts now, the others once the records are through (or have failed: photos go on).
  const through = recordsFirst.catch(() => undefined);
  const others = through.then(() => Promise.all(Array.from({ length: Math.max(0, lanes - 1) }, lane)));
  await Promise.all([lanes > 0 && lane(), others]);
  if (failure) throw failure.error;
}

function isComplete(answer: BlobBatchResult | undefined): boolean {
  return answer !== undefined && 'complete' in answer && answer.complete;
}

/**
 * Takes the next upload off `waiting`: its first photo alone when that was tried before or is bigger
 * than a chunk; otherwise the photos never tried that fit in a chunk, in turn from the first, as many
 * as `batchBytes` and BLOB_BATCH_MAX hold (the others stay for the uploads after). None when nothing waits.
 */
export function takeUpload(waiting: StoredBlob[], tried: ReadonlySet<string>, batchBytes: number): StoredBlob[] {
  const batchable = (p: StoredBlob) => !tried.has(p.sha256) && p.size <= BLOB_CHUNK_BYTES;
  const first = waiting[0];
  if (!first || !batchable(first)) return waiting.splice(0, 1);
  const batch: StoredBlob[] = [];
  let bytes = 0;
  for (let i = 0; i < waiting.length && batch.length < BLOB_BATCH_MAX; ) {
    const photo = waiting[i]!;
    if (!batchable(photo)) i++;
    else if (bytes + photo.size > batchBytes) break;
    else {
      batch.push(photo);
      bytes += photo.size;
      waiting.splice(i, 1);
    }
  }
  return batch;
}

/**
 * Photos whose upload this tablet started (since the app started) and has not seen through. A photo
 * tried before may already be on the server (the answer was lost on the way back), so its upload
 * asks first; a photo never tried and small enough for one chunk goes straight up, saving a round
 * trip (200 ms on a village link) per photo. After a reload every photo asks first again.
 */
const triedByDb = new WeakMap<DaibanDb, Set<string>>();

function triedUploads(db: DaibanDb): Set<string> {
  const tried = triedByDb.get(db) ?? new Set<string>();
  triedByDb.set(db, tried);
  return tried;
}

/**
 * Uploads one blob in chunks, resuming from what the server already holds; after a drop at most
 * the chunk in flight is sent again. `askFirst: false` skips asking the server what it holds when
 * the blob fits in one chunk; a blob already there is then answered as complete, its bytes sent in vain.
 */
export async function uploadBlob(
  api: ApiClient,
  file: { sha256: string; blob: Blob; size: number; mime: string },
  onChunk: (received: number) => void = () => {},
  askFirst = true,
): Promise<void> {
  let status: BlobStatus =
    askFirst || file.size > BLOB_CHUNK_BYTES
      ? await api.blobStatus(file.sha256)
      : { sha256: file.sha256, size: file.size, received: 0, complete: false };
  while (!status.complete) {
    const offset = status.received;
    try {
      status = await api.putChunk(file.sha256, file.blob.slice(offset, offset + BLOB_CHUNK_BYTES), offset, file.size, file.mime);
    } catch (error) {
      // Someone else moved the upload on (another tablet with the same photo): continue from there.
      if (!(error instanceof ServerError && error.status === 409)) throw error;
      status = await api.blobStatus(file.sha256);
    }
    onChunk(status.received);
  }
}

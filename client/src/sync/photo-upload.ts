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
 * Uploads every photo the server does not have yet. Photos never tried and small enough for one
 * chunk (the usual ones) go several to a request (`BLOB_BATCH_BYTES`), whole; any other photo
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
  const uploads = planUploads(waiting, tried);
  let next = 0;

  async function lane() {
    for (let photos = uploads[next++]; photos && !failure; photos = uploads[next++]) {
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
    const answers = new Map((await api.putBlobs(opened)).results.map((r) => [r.sha256, r]));
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

  const lanes = Math.min(UPLOAD_LANES, uploads.length);
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
 * The uploads, each photo in one: photos never tried that fit in a chunk go in batches of at most
 * BLOB_BATCH_BYTES and BLOB_BATCH_MAX photos, filled in turn; every other photo is an upload of its own.
 */
export function planUploads(waiting: StoredBlob[], tried: ReadonlySet<string>): StoredBlob[][] {
  const uploads: StoredBlob[][] = [];
  let batch: StoredBlob[] = [];
  let bytes = 0;
  const close = () => {
    if (batch.length > 0) uploads.push(batch);
    batch = [];
    bytes = 0;
  };
  for (const photo of waiting) {
    if (tried.has(photo.sha256) || photo.size > BLOB_CHUNK_BYTES) {
      uploads.push([photo]);
      continue;
    }
    if (batch.length === BLOB_BATCH_MAX || bytes + photo.size > BLOB_BATCH_BYTES) close();
    batch.push(photo);
    bytes += photo.size;
  }
  close();
  return uploads;
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

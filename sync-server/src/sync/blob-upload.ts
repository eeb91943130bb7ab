import { BLOB_CHUNK_BYTES, type BlobStatus } from '@daiban/schemas';
import {
  abandonedUploads,
  addBlobOwner,
  type BlobRow,
  claimReceived,
  type Db,
  deleteBlob,
  deleteClaim,
  deleteUpload,
  getBlob,
  getUpload,
  insertBlob,
  isBlobReferenced,
  type Principal,
  setClaimReceived,
  setUploadReceived,
  startUpload,
  unreferencedBlobsBefore,
  unreferencedBytesOf,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { mayReadBlob, ownerOf } from './blob-access.ts';
import type { BlobStore } from './blob-store.ts';

/** Uploads of one blob are handled one chunk at a time, whoever sends them. */
const locks = new Map<string, Promise<unknown>>();

/** `work` under the locks of all `keys`, taken in order so two callers sharing keys cannot wait on each other. */
function serializedAll<T>(keys: string[], work: () => Promise<T>): Promise<T> {
  const [first, ...rest] = [...new Set(keys)].sort();
  return first === undefined ? work() : serialized(first, () => serializedAll(rest, work));
}

function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const next = (locks.get(key) ?? Promise.resolve()).then(work, work);
  const settled = next.catch(() => undefined);
  locks.set(key, settled);
  void settled.then(() => {
    if (locks.get(key) === settled) locks.delete(key);
  });
  return next;
}

/**
 * What the caller may know of a blob: complete when it may read it; a blob stored for others looks
 * absent (or as far as the caller's own re-sending of its bytes got), so a status says nothing
 * about other villages' photos.
 */
export async function blobStatus(db: Db, blobs: BlobStore, sha256: string, who: Principal): Promise<BlobStatus> {
  const blob = await storedBlob(db, blobs, sha256);
  if (blob && (await mayReadBlob(db, who, sha256))) return completeStatus(blob);
  if (blob) {
    const received = await claimReceived(db, sha256, ownerOf(who));
    return { sha256, size: received > 0 ? blob.size : 0, received, complete: false };
  }
  const upload = await getUpload(db, sha256);
  const mine = upload && (upload.owner === ownerOf(who) || upload.owner === '');
  return { sha256, size: mine ? upload.total : 0, received: mine ? upload.received : 0, complete: false };
}

const completeStatus = ({ sha256, size }: BlobRow): BlobStatus => ({ sha256, size, received: size, complete: true });

async function storedBlob(db: Db, blobs: BlobStore, sha256: string): Promise<BlobRow | undefined> {
  const blob = await getBlob(db, sha256);
  return blob && (await blobs.has(sha256)) ? blob : undefined;
}

export interface Chunk {
  sha256: string;
  mime: string;
  offset: number;
  total: number;
  bytes: Uint8Array;
}

/**
 * Bytes one device may hold on the server in blobs that no case or home visit references yet,
 * finished or still uploading (docs/operations.md, Photos on disk; `UNREFERENCED_BLOB_QUOTA_MB`).
 * Tablets push the records before the photos they name, so a village's photos hardly ever count.
 */
export const UNREFERENCED_BLOB_QUOTA = 2 * 1024 ** 3;

/** Bytes of whole-blob uploads being written right now, per device, before their rows exist. */
const writing = new Map<string, number>();

/**
 * Refuses a new upload of `total` bytes that would take the device past its quota of bytes in
 * blobs nothing references (429 blob_quota_exceeded). A blob a case or visit already references
 * never counts. Answers whether this upload counts; if it does, its bytes are counted in `writing`
 * from the check on (no await between), until the caller has stored its row and releases them.
 * Each server process counts its own uploads in progress: with several behind a load balancer a
 * device could pass the quota by one upload per process.
 */
async function reserveQuota(db: Db, deviceId: string, sha256: string, total: number, quota: number): Promise<boolean> {
  if (await isBlobReferenced(db, sha256)) return false;
  const used = (await unreferencedBytesOf(db, deviceId)) + (writing.get(deviceId) ?? 0);
  if (used + total > quota) {
    const mib = (n: number) => (n / 1024 ** 2).toFixed(1);
    throw new ApiError(
      429,
      'blob_quota_exceeded',
      `本设备已上传、尚无代办件引用的照片共 ${mib(used)} MB，再传将超过上限 ${mib(quota)} MB：请先同步引用这些照片的代办件` +
        ` (this device's uploads that no case references yet, ${mib(used)} MiB, would exceed its quota of ${mib(quota)} MiB: push the cases that use them first)`,
    );
  }
  writing.set(deviceId, (writing.get(deviceId) ?? 0) + total);
  return true;
}

/**
 * Accepts the next chunk of a resumable upload. A chunk must start where the received bytes
 * end (else 409: ask the status and continue from there). The last chunk completes the blob
 * only if the whole content hashes to its name. A blob already complete is answered as such.
 * A new upload of a blob nothing references yet counts against the device's `quota`.
 */
export async function receiveChunk(
  db: Db,
  blobs: BlobStore,
  chunk: Chunk,
  who: Principal,
  now: Date,
  quota = UNREFERENCED_BLOB_QUOTA,
): Promise<BlobStatus> {
  const [answer] = await receiveChunks(db, blobs, [chunk], who, now, quota);
  if (answer instanceof ApiError) throw answer;
  return answer!;
}

/**
 * Accepts several chunks at once (a batch of whole photos), each as receiveChunk would, with the
 * rows of every blob they complete written in one transaction: one commit for the batch, not one
 * per photo. Each is answered on its own, with its status or the ApiError refusing it.
 */
export async function receiveChunks(
  db: Db,
  blobs: BlobStore,
  chunks: Chunk[],
  who: Principal,
  now: Date,
  quota = UNREFERENCED_BLOB_QUOTA,
): Promise<(BlobStatus | ApiError)[]> {
  return serializedAll(
    chunks.map((c) => c.sha256),
    async () => {
      const steps = await Promise.allSettled(chunks.map((chunk) => acceptChunk(db, blobs, chunk, who, now, quota)));
      const completed = steps.flatMap((s) => (s.status === 'fulfilled' && 'blob' in s.value ? [s.value] : []));
      try {
        if (completed.length > 0) {
          await db.transaction(async () => {
            for (const c of completed) await recordBlob(db, c, now);
          });
        }
      } finally {
        for (const c of completed) c.release();
      }
      return steps.map((step) => {
        if (step.status === 'fulfilled') return 'blob' in step.value ? completeStatus(step.value.blob) : step.value;
        if (step.reason instanceof ApiError) return step.reason;
        throw step.reason;
      });
    },
  );
}

/** A blob whose bytes are stored and checked, its rows still to write; `release` gives back what its upload held of the quota. */
interface Completed {
  blob: BlobRow;
  /** Whose upload it was (its device), and who now hold it: whoever completed the bytes, and whoever started the upload. */
  deviceId: string | null;
  owners: (string | undefined)[];
  /** Whether an upload of it had been started: its row goes with the blob's. */
  started: boolean;
  release: () => void;
}

/** One chunk, under its blob's lock: its answer, or the blob it completed (bytes stored, rows to write). */
async function acceptChunk(
  db: Db,
  blobs: BlobStore,
  chunk: Chunk,
  who: Principal,
  now: Date,
  quota: number,
): Promise<BlobStatus | Completed> {
  const { sha256, mime, offset, total, bytes } = chunk;
  const owner = ownerOf(who);
  const done = await blobStatus(db, blobs, sha256, who);
  if (done.complete) return done;
  if (bytes.byteLength === 0) throw new ApiError(400, 'bad_request', '分块为空 (empty chunk)');
  if (bytes.byteLength > BLOB_CHUNK_BYTES)
    throw new ApiError(413, 'payload_too_large', `分块超过 ${BLOB_CHUNK_BYTES} 字节 (chunk too large)`);
  if (offset + bytes.byteLength > total)
    throw new ApiError(400, 'bad_request', '分块超出文件长度 (chunk beyond the declared total)');
  const stored = await storedBlob(db, blobs, sha256);
  if (stored) return await claimChunk(db, blobs, stored, chunk, owner);

  const started = await getUpload(db, sha256);
  const upload = started ?? { sha256, mime, total, received: 0, owner, deviceId: who.device.id };
  if (upload.total !== total)
    throw new ApiError(400, 'bad_request', '文件长度与已开始的上传不符 (total differs from the upload in progress)');
  if (offset !== upload.received) {
    throw new ApiError(409, 'out_of_order', `应从第 ${upload.received} 字节继续上传 (resume at byte ${upload.received})`);
  }
  // Counted in `writing` from the check until its row (blob or upload) counts it, so parallel uploads cannot pass together.
  const counts = !started && (await reserveQuota(db, who.device.id, sha256, total, quota));
  const release = () => {
    if (counts) releaseQuota(who.device.id, total);
  };
  // A photo smaller than a chunk (the usual case) arrives whole: no upload row, no second read to hash it.
  if (bytes.byteLength === total) {
    try {
      await blobs.storeWhole(sha256, bytes);
    } catch (error) {
      release();
      throw error;
    }
    const owners = [owner, started?.owner];
    return { blob: { sha256, size: total, mime }, deviceId: upload.deviceId, owners, started: !!started, release };
  }
  try {
    if (!started) await startUpload(db, upload, now.toISOString());
  } finally {
    release();
  }

  await blobs.writeChunk(sha256, offset, bytes);
  const received = offset + bytes.byteLength;
  if (received < total) {
    await setUploadReceived(db, sha256, received);
    return { sha256, size: total, received, complete: false };
  }
  try {
    await blobs.finish(sha256, total);
  } finally {
    // Should the rows below fail, the upload starts over from 0 (its part file is gone).
    await deleteUpload(db, sha256);
  }
  const blob = { sha256, size: total, mime: upload.mime };
  return { blob, deviceId: upload.deviceId, owners: [owner, upload.owner], started: false, release: () => {} };
}

/** An upload not finished this long after it started is abandoned (docs/operations.md). */
export const ABANDONED_UPLOAD_MS = 7 * 24 * 3600_000;

/**
 * Deletes the partial bytes of uploads abandoned for ABANDONED_UPLOAD_MS, so unfinished uploads
 * cannot fill the disk. Complete blobs are never touched: a referenced photo stays. Returns how many.
 */
export async function dropAbandonedUploads(db: Db, blobs: BlobStore, now: Date): Promise<number> {
  const before = new Date(now.getTime() - ABANDONED_UPLOAD_MS).toISOString();
  return Promise.all(
    (await abandonedUploads(db, before)).map((sha256) =>
      serialized(sha256, async () => {
        await blobs.discardUpload(sha256);
        await deleteUpload(db, sha256);
      }),
    ),
  ).then((dropped) => dropped.length);
}

/** A complete blob that no case or visit has referenced this long after it was stored is removed (docs/operations.md). */
export const UNREFERENCED_BLOB_MS = 30 * 24 * 3600_000;

/**
 * Deletes complete blobs that no case or home visit has referenced UNREFERENCED_BLOB_MS after they
 * were stored (photos of cases never pushed, documents never attached), so they cannot fill the
 * disk and stop counting against their device's quota. A referenced blob is never touched: the
 * reference is checked again under the blob's lock, in the same turn that deletes its rows.
 * Returns how many went.
 */
export async function dropUnreferencedBlobs(db: Db, blobs: BlobStore, now: Date): Promise<number> {
  const before = new Date(now.getTime() - UNREFERENCED_BLOB_MS).toISOString();
  const dropped = await Promise.all(
    (await unreferencedBlobsBefore(db, before)).map((sha256) =>
      serialized(sha256, async () => {
        if (await isBlobReferenced(db, sha256)) return false;
        await db.transaction(() => deleteBlob(db, sha256));
        await blobs.remove(sha256);
        return true;
      }),
    ),
  );
  return dropped.filter(Boolean).length;
}

function releaseQuota(deviceId: string, bytes: number): void {
  const left = (writing.get(deviceId) ?? 0) - bytes;
  if (left > 0) writing.set(deviceId, left);
  else writing.delete(deviceId);
}

/**
 * The rows of a blob whose bytes are stored, inside the caller's transaction (never a blob without
 * its owners): whoever completed the bytes holds them, and so does whoever started the upload.
 */
async function recordBlob(db: Db, { blob, deviceId, owners, started }: Completed, now: Date): Promise<void> {
  if (started) await deleteUpload(db, blob.sha256);
  await insertBlob(db, blob, now.toISOString(), deviceId);
  for (const owner of new Set(owners)) if (owner) await addBlobOwner(db, blob.sha256, owner);
}

/**
 * Another owner sends the bytes of a blob stored already: each chunk must match the stored bytes
 * at its place, and once all have, the sender owns the blob too. Nothing is written but progress.
 */
async function claimChunk(db: Db, blobs: BlobStore, stored: BlobRow, chunk: Chunk, owner: string): Promise<BlobStatus> {
  const { sha256, offset, total, bytes } = chunk;
  if (total !== stored.size) throw new ApiError(400, 'hash_mismatch', '文件长度与 SHA-256 不符 (size does not match the blob)');
  const received = await claimReceived(db, sha256, owner);
  if (offset !== received)
    throw new ApiError(409, 'out_of_order', `应从第 ${received} 字节继续上传 (resume at byte ${received})`);
  if (!(await blobs.hasBytesAt(sha256, offset, bytes))) {
    await deleteClaim(db, sha256, owner);
    throw new ApiError(400, 'hash_mismatch', '文件内容与 SHA-256 不符，请重新上传 (bytes do not match the hash)');
  }
  const next = offset + bytes.byteLength;
  if (next < total) {
    await setClaimReceived(db, sha256, owner, next);
    return { sha256, size: total, received: next, complete: false };
  }
  await db.transaction(async () => {
    await deleteClaim(db, sha256, owner);
    await addBlobOwner(db, sha256, owner);
  });
  return completeStatus(stored);
}

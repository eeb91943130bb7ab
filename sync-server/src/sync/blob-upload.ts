import { BLOB_CHUNK_BYTES, type BlobStatus } from '@daiban/schemas';
import { type Db, deleteUpload, getBlob, getUpload, insertBlob, setUploadReceived, startUpload } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { finishBlob, hasBlobFile, storeWholeBlob, writeChunk } from './blob-store.ts';

/** Uploads of one blob are handled one chunk at a time, whoever sends them. */
const locks = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const next = (locks.get(key) ?? Promise.resolve()).then(work, work);
  const settled = next.catch(() => undefined);
  locks.set(key, settled);
  void settled.then(() => {
    if (locks.get(key) === settled) locks.delete(key);
  });
  return next;
}

export function blobStatus(db: Db, blobDir: string, sha256: string): BlobStatus {
  const blob = getBlob(db, sha256);
  if (blob && hasBlobFile(blobDir, sha256)) return { sha256, size: blob.size, received: blob.size, complete: true };
  const upload = getUpload(db, sha256);
  return { sha256, size: upload?.total ?? 0, received: upload?.received ?? 0, complete: false };
}

export interface Chunk {
  sha256: string;
  mime: string;
  offset: number;
  total: number;
  bytes: Uint8Array;
}

/**
 * Accepts the next chunk of a resumable upload. A chunk must start where the received bytes
 * end (else 409: ask the status and continue from there). The last chunk completes the blob
 * only if the whole content hashes to its name. A blob already complete is answered as such.
 */
export function receiveChunk(db: Db, blobDir: string, chunk: Chunk, now: Date): Promise<BlobStatus> {
  return serialized(chunk.sha256, async () => {
    const { sha256, mime, offset, total, bytes } = chunk;
    const done = blobStatus(db, blobDir, sha256);
    if (done.complete) return done;
    if (bytes.byteLength === 0) throw new ApiError(400, 'bad_request', '分块为空 (empty chunk)');
    if (bytes.byteLength > BLOB_CHUNK_BYTES)
      throw new ApiError(413, 'payload_too_large', `分块超过 ${BLOB_CHUNK_BYTES} 字节 (chunk too large)`);
    if (offset + bytes.byteLength > total)
      throw new ApiError(400, 'bad_request', '分块超出文件长度 (chunk beyond the declared total)');

    const started = getUpload(db, sha256);
    const upload = started ?? { sha256, mime, total, received: 0 };
    if (upload.total !== total)
      throw new ApiError(400, 'bad_request', '文件长度与已开始的上传不符 (total differs from the upload in progress)');
    if (offset !== upload.received) {
      throw new ApiError(409, 'out_of_order', `应从第 ${upload.received} 字节继续上传 (resume at byte ${upload.received})`);
    }
    // A photo smaller than a chunk (the usual case) arrives whole: no upload row, no second read to hash it.
    if (bytes.byteLength === total) {
      await storeWholeBlob(blobDir, sha256, bytes);
      if (started) deleteUpload(db, sha256);
      insertBlob(db, { sha256, size: total, mime }, now.toISOString());
      return { sha256, size: total, received: total, complete: true };
    }
    if (!started) startUpload(db, upload, now.toISOString());

    await writeChunk(blobDir, sha256, offset, bytes);
    const received = offset + bytes.byteLength;
    if (received < total) {
      setUploadReceived(db, sha256, received);
      return { sha256, size: total, received, complete: false };
    }
    try {
      await finishBlob(blobDir, sha256, total);
    } finally {
      deleteUpload(db, sha256);
    }
    insertBlob(db, { sha256, size: total, mime: upload.mime }, now.toISOString());
    return { sha256, size: total, received: total, complete: true };
  });
}

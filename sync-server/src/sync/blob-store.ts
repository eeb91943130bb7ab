import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../errors.ts';

/**
 * Blob files: complete blobs at blobs/ab/abcdef… (content-addressed), uploads in progress at
 * blobs/tmp/<sha256>.part. A part file may hold more bytes than the ledger says arrived (a
 * crash between the write and the ledger update); the next chunk simply overwrites them.
 */
export function blobPath(blobDir: string, sha256: string): string {
  return join(blobDir, sha256.slice(0, 2), sha256);
}

function partPath(blobDir: string, sha256: string): string {
  return join(blobDir, 'tmp', `${sha256}.part`);
}

export function hasBlobFile(blobDir: string, sha256: string): boolean {
  return existsSync(blobPath(blobDir, sha256));
}

export function openBlob(blobDir: string, sha256: string) {
  return createReadStream(blobPath(blobDir, sha256));
}

/** Whether a stored blob holds exactly `bytes` at `offset` (another owner proving it holds the blob). */
export async function blobHasBytesAt(blobDir: string, sha256: string, offset: number, bytes: Uint8Array): Promise<boolean> {
  const file = await open(blobPath(blobDir, sha256), 'r');
  try {
    const stored = Buffer.alloc(bytes.byteLength);
    const { bytesRead } = await file.read(stored, 0, bytes.byteLength, offset);
    return bytesRead === bytes.byteLength && stored.equals(bytes);
  } finally {
    await file.close();
  }
}

/** Writes one chunk at its offset in the part file, durably. */
export async function writeChunk(blobDir: string, sha256: string, offset: number, bytes: Uint8Array): Promise<void> {
  mkdirSync(join(blobDir, 'tmp'), { recursive: true });
  const file = await open(partPath(blobDir, sha256), existsSync(partPath(blobDir, sha256)) ? 'r+' : 'w');
  try {
    await file.write(bytes, 0, bytes.byteLength, offset);
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * Checks the whole upload against its SHA-256 and moves it into place. On a mismatch the
 * part file is removed and the upload must start over.
 */
export async function finishBlob(blobDir: string, sha256: string, total: number): Promise<void> {
  const part = partPath(blobDir, sha256);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(part, { start: 0, end: total - 1 })) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== sha256) {
    discardUpload(blobDir, sha256);
    throw new ApiError(400, 'hash_mismatch', '文件内容与 SHA-256 不符，请重新上传 (bytes do not match the hash)');
  }
  const file = await open(part, 'r+');
  await file.truncate(total);
  await file.close();
  mkdirSync(join(blobDir, sha256.slice(0, 2)), { recursive: true });
  renameSync(part, blobPath(blobDir, sha256));
}

/**
 * Stores a blob that arrived whole in one chunk: hashed in memory, so a wrong upload never
 * touches the disk, then written durably beside its place and moved in.
 */
export async function storeWholeBlob(blobDir: string, sha256: string, bytes: Uint8Array): Promise<void> {
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw new ApiError(400, 'hash_mismatch', '文件内容与 SHA-256 不符，请重新上传 (bytes do not match the hash)');
  }
  await writeChunk(blobDir, sha256, 0, bytes);
  mkdirSync(join(blobDir, sha256.slice(0, 2)), { recursive: true });
  renameSync(partPath(blobDir, sha256), blobPath(blobDir, sha256));
}

/** Removes a stored blob's file (one no case or visit ever referenced). */
export function removeBlobFile(blobDir: string, sha256: string): void {
  rmSync(blobPath(blobDir, sha256), { force: true });
}

export function discardUpload(blobDir: string, sha256: string): void {
  rmSync(partPath(blobDir, sha256), { force: true });
}

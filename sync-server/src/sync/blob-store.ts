import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parentsOfMade, syncPath } from '../durable-files.ts';
import { ApiError } from '../errors.ts';

/**
 * Where the bytes of photos and scans live, named by their SHA-256; the ledger holds what they are
 * and who may read them. The server speaks to this interface only, so a county that outgrows one
 * disk can put an object store behind it (docs/operations.md, Photos beyond one disk): parts of
 * an upload in progress become a multipart upload, `finish` its completion, `open` a GET.
 */
export interface BlobStore {
  /** Whether the complete blob is stored. */
  has(sha256: string): Promise<boolean>;
  /** The complete blob's bytes. */
  open(sha256: string): ReadableStream<Uint8Array>;
  /** Whether the stored blob holds exactly `bytes` at `offset` (another owner proving it holds the blob). */
  hasBytesAt(sha256: string, offset: number, bytes: Uint8Array): Promise<boolean>;
  /** Writes one chunk of an upload in progress at its offset, durably. */
  writeChunk(sha256: string, offset: number, bytes: Uint8Array): Promise<void>;
  /** Checks the whole upload against its SHA-256 and stores it; on a mismatch the upload is dropped (400 hash_mismatch). */
  finish(sha256: string, total: number): Promise<void>;
  /** Stores a blob that arrived whole, checked in memory first so a wrong upload is never written. */
  storeWhole(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Removes a stored blob (one no case or visit ever referenced). */
  remove(sha256: string): Promise<void>;
  /** Drops the bytes of an upload in progress. */
  discardUpload(sha256: string): Promise<void>;
}

const hashMismatch = () =>
  new ApiError(400, 'hash_mismatch', '文件内容与 SHA-256 不符，请重新上传 (bytes do not match the hash)');

/**
 * The default store, on the server's disk: complete blobs at blobs/ab/abcdef… , uploads in progress
 * at blobs/tmp/<sha256>.part. A part file may hold more bytes than the ledger says arrived (a
 * crash between the write and the ledger update); the next chunk simply overwrites them.
 */
export class FileBlobStore implements BlobStore {
  /** Directories this store made or found, so a photo costs no mkdir. */
  private readonly made = new Set<string>();

  constructor(readonly dir: string) {}

  /** A complete blob's file (backups copy these). */
  path(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  private partPath(sha256: string): string {
    return join(this.dir, 'tmp', `${sha256}.part`);
  }

  async has(sha256: string): Promise<boolean> {
    return existsSync(this.path(sha256));
  }

  open(sha256: string): ReadableStream<Uint8Array> {
    return Readable.toWeb(createReadStream(this.path(sha256))) as ReadableStream<Uint8Array>;
  }

  async hasBytesAt(sha256: string, offset: number, bytes: Uint8Array): Promise<boolean> {
    const file = await open(this.path(sha256), 'r');
    try {
      const stored = Buffer.alloc(bytes.byteLength);
      const { bytesRead } = await file.read(stored, 0, bytes.byteLength, offset);
      return bytesRead === bytes.byteLength && stored.equals(bytes);
    } finally {
      await file.close();
    }
  }

  async writeChunk(sha256: string, offset: number, bytes: Uint8Array): Promise<void> {
    await this.directory(join(this.dir, 'tmp'));
    const part = this.partPath(sha256);
    const file = await open(part, existsSync(part) ? 'r+' : 'w');
    try {
      await file.write(bytes, 0, bytes.byteLength, offset);
      await file.sync();
    } finally {
      await file.close();
    }
  }

  async finish(sha256: string, total: number): Promise<void> {
    const part = this.partPath(sha256);
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(part, { start: 0, end: total - 1 })) hash.update(chunk as Buffer);
    if (hash.digest('hex') !== sha256) {
      await this.discardUpload(sha256);
      throw hashMismatch();
    }
    const file = await open(part, 'r+');
    try {
      await file.truncate(total);
      await file.sync();
    } finally {
      await file.close();
    }
    await this.moveIntoPlace(sha256);
  }

  async storeWhole(sha256: string, bytes: Uint8Array): Promise<void> {
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw hashMismatch();
    await this.writeChunk(sha256, 0, bytes);
    await this.moveIntoPlace(sha256);
  }

  async remove(sha256: string): Promise<void> {
    rmSync(this.path(sha256), { force: true });
  }

  async discardUpload(sha256: string): Promise<void> {
    rmSync(this.partPath(sha256), { force: true });
  }

  /**
   * Renames the synced part file into place and syncs its directory: until the directory is synced
   * a power cut can undo the rename, losing a photo the ledger already lists.
   */
  private async moveIntoPlace(sha256: string): Promise<void> {
    const dir = join(this.dir, sha256.slice(0, 2));
    await this.directory(dir);
    await rename(this.partPath(sha256), this.path(sha256));
    await syncPath(dir);
  }

  /** Makes `dir` once; each directory made (the store's own too, on its first photo) is synced into its parent. */
  private async directory(dir: string): Promise<void> {
    if (this.made.has(dir)) return;
    for (const parent of parentsOfMade(mkdirSync(dir, { recursive: true }), dir)) await syncPath(parent);
    this.made.add(dir);
  }
}

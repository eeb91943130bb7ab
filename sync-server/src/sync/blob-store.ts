import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../errors.ts';

/** Path of a blob's file: blobs/ab/abcdef… (content-addressed). */
export function blobPath(blobDir: string, sha256: string): string {
  return join(blobDir, sha256.slice(0, 2), sha256);
}

export function hasBlobFile(blobDir: string, sha256: string): boolean {
  return existsSync(blobPath(blobDir, sha256));
}

export function openBlob(blobDir: string, sha256: string) {
  return createReadStream(blobPath(blobDir, sha256));
}

/**
 * Streams an upload to a temporary file while hashing it, and moves it into place only
 * when its SHA-256 equals `sha256`. Nothing is left behind when the upload is refused.
 */
export async function writeBlob(
  blobDir: string,
  sha256: string,
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<number> {
  const tmpDir = join(blobDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const tmp = join(tmpDir, randomUUID());
  const out = createWriteStream(tmp);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new ApiError(413, 'payload_too_large', `文件超过 ${maxBytes} 字节上限 (blob too large)`);
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (size === 0) throw new ApiError(400, 'bad_request', '文件为空 (empty blob)');
    const actual = hash.digest('hex');
    if (actual !== sha256) {
      throw new ApiError(400, 'hash_mismatch', '文件内容与 SHA-256 不符 (bytes do not match the hash in the URL)');
    }
    const dest = blobPath(blobDir, sha256);
    mkdirSync(join(blobDir, sha256.slice(0, 2)), { recursive: true });
    renameSync(tmp, dest);
    return size;
  } finally {
    out.destroy();
    rmSync(tmp, { force: true });
  }
}

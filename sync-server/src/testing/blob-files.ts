// What the blob tests send and look for: photos of a given size, their hashes, the files stored.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `n` bytes that differ from any other size's. */
export const photo = (n: number): Uint8Array<ArrayBuffer> => new Uint8Array(n).map((_, i) => (i * 31 + n) % 251);

/** The complete blobs stored under a server's data directory (not uploads in progress). */
export function storedFiles(dataDir: string) {
  const dir = join(dataDir, 'blobs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.endsWith('.part'));
}

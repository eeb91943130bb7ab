import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Flushes a file, or a directory's entries, to the disk. A rename or a new file is only in the
 * directory's entries: until the directory is synced, a power cut can undo it.
 */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `syncPath` for start-up and command-line code, which may block. */
export function syncPathNow(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a whole file so that after a power cut it is there whole or not at all: a synced file
 * beside it, renamed over it, then the directory synced.
 */
export function writeFileDurablyNow(path: string, data: string | Uint8Array, mode = 0o644): void {
  const part = `${path}.part`;
  writeFileSync(part, data, { mode });
  syncPathNow(part);
  renameSync(part, path);
  syncPathNow(dirname(path));
}

/**
 * The directories whose entries `mkdirSync(dir, { recursive: true })` changed, given what it returned
 * (the first directory it made, or undefined): the parent of each directory made, outermost first.
 * Each must be synced for the new directories to survive a power cut.
 */
export function parentsOfMade(made: string | undefined, dir: string): string[] {
  const parents: string[] = [];
  if (made === undefined) return parents;
  for (let walked = dir; ; walked = dirname(walked)) {
    parents.unshift(dirname(walked));
    if (walked === made || walked === dirname(walked)) return parents;
  }
}

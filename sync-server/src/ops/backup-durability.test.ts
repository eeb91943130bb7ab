import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { insertBlob, openDb } from '../db/index.ts';
import { FileBlobStore } from '../sync/blob-store.ts';
import { TEST_ENGINE } from '../testing/test-server.ts';
import { backup, restore } from './backup.ts';

/** Every path synced, in order, with whether the finished backup file existed at that moment. */
const synced = vi.hoisted(() => [] as { path: string; backupThere: boolean }[]);
const watched = vi.hoisted(() => ({ backupFile: '' }));
vi.mock('../durable-files.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../durable-files.ts')>();
  const { existsSync: there } = await import('node:fs');
  return {
    ...real,
    syncPath: async (path: string) => {
      await real.syncPath(path);
      synced.push({ path, backupThere: there(watched.backupFile) });
    },
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-backup-sync-'));
  synced.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A ledger with one photo, in `dir/data`. */
async function ledgerWithPhoto(): Promise<string> {
  const dataDir = join(dir, 'data');
  const db = openDb(dataDir);
  const bytes = new TextEncoder().encode('一张照片');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await new FileBlobStore(join(dataDir, 'blobs')).storeWhole(sha256, bytes);
  await insertBlob(db, { sha256, size: bytes.length, mime: 'image/jpeg' }, '2026-11-30T08:00:00.000Z', null);
  await db.close();
  return sha256;
}

describe.skipIf(TEST_ENGINE === 'postgres')('backup and restore on the disk', () => {
  it('syncs the backup file before it appears under its name, and its directory after, before reporting it done', async () => {
    await ledgerWithPhoto();
    watched.backupFile = join(dir, 'out', 'daiban.tar');
    mkdirSync(join(dir, 'out'));
    synced.length = 0;
    await backup(join(dir, 'data'), watched.backupFile, new Date('2026-12-01T08:00:00.000Z'));
    // The operator may unplug the backup disk as soon as the command says it is done.
    expect(synced).toEqual([
      { path: `${watched.backupFile}.part`, backupThere: false },
      { path: join(dir, 'out'), backupThere: true },
    ]);
  });

  it('syncs every restored file and directory before moving them into place, and the data directory after', async () => {
    const sha256 = await ledgerWithPhoto();
    const file = join(dir, 'daiban.tar');
    await backup(join(dir, 'data'), file, new Date('2026-12-01T08:00:00.000Z'));
    synced.length = 0;
    const restored = join(dir, 'restored');
    await restore(file, restored);
    const paths = synced.map((s) => s.path.replace(/\.daiban-restore-[^/]+/, 'STAGING'));
    expect(paths).toEqual([
      join(restored, 'STAGING', 'blobs', sha256.slice(0, 2), sha256),
      join(restored, 'STAGING', 'blobs', sha256.slice(0, 2)),
      join(restored, 'STAGING', 'blobs'),
      join(restored, 'STAGING', 'ledger.sqlite'),
      restored,
    ]);
    expect(existsSync(join(restored, 'blobs', sha256.slice(0, 2), sha256))).toBe(true);
  });
});

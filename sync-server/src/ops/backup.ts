import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { SignedHead } from '@daiban/schemas';
import * as tar from 'tar';
import { type BlobRow, chainHead, iterateBlobs, ledgerHead, openDbReadOnly, postgresUrl, verifyLedger } from '../db/index.ts';
import { syncPath } from '../durable-files.ts';
import { type LedgerKey, signHead } from '../ledger/head-signing.ts';
import { FileBlobStore } from '../sync/blob-store.ts';

/** What a backup holds, written first into the archive as `manifest.json`. */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  /** Sequence number of the last ledger event in the backup. */
  head: number;
  events: number;
  blobs: number;
  blobBytes: number;
  /** The backed-up ledger's head, signed with the township key when it was at hand: a witness kept with the backup. */
  ledgerHead?: SignedHead;
}

/**
 * These commands copy the SQLite file; a PostgreSQL ledger (DATABASE_URL, as for the server) is
 * backed up with pg_dump and restored with pg_restore (docs/operations.md), so they refuse it.
 */
export function refuseOnPostgres(databaseUrl: string | undefined, command: 'backup' | 'restore'): void {
  if (!postgresUrl(databaseUrl)) return;
  const tool = command === 'backup' ? 'pg_dump -Fc' : 'pg_restore';
  throw new Error(
    `DATABASE_URL 指向 PostgreSQL：请用 ${tool} 并另行复制照片目录 (the ledger is on PostgreSQL: npm run ${command} copies ` +
      `the SQLite file only; use ${tool} and copy the photo directory, see docs/operations.md, "Backup on PostgreSQL")`,
  );
}

/**
 * Makes a consistent backup of a running server's data directory into one tar file: SQLite's
 * online backup API copies the ledger as of one moment (writers carry on meanwhile), then every
 * blob that copy references is added. Blob files are written before their ledger rows and never
 * change, so every referenced blob is already on disk. The file appears under its name only
 * when complete.
 */
export async function backup(dataDir: string, outFile: string, now = new Date(), key?: LedgerKey): Promise<BackupManifest> {
  const staging = mkdtempSync(join(dirname(outFile), '.daiban-backup-'));
  const partial = `${outFile}.part`;
  try {
    const live = openDbReadOnly(dataDir);
    try {
      await live.raw.backup(join(staging, 'ledger.sqlite'));
    } finally {
      await live.close();
    }
    const copy = openDbReadOnly(staging);
    let blobs: BlobRow[];
    let manifest: BackupManifest;
    try {
      const check = await verifyLedger(copy);
      if (!check.ok) throw new Error(`台账校验失败，未备份 (ledger does not verify): ${check.problem?.message}`);
      blobs = [];
      for await (const blob of iterateBlobs(copy)) blobs.push(blob);
      manifest = {
        format: 1,
        createdAt: now.toISOString(),
        head: await ledgerHead(copy),
        events: check.events,
        blobs: blobs.length,
        blobBytes: blobs.reduce((sum, b) => sum + b.size, 0),
        ...(key ? { ledgerHead: signHead(key, await chainHead(copy)) } : {}),
      };
    } finally {
      await copy.close();
    }
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await tar.create({ file: partial, cwd: staging, portable: true }, ['manifest.json', 'ledger.sqlite']);
    const store = new FileBlobStore(join(dataDir, 'blobs'));
    const paths = blobs.map((b) => relative(dataDir, store.path(b.sha256)));
    // Appended in batches: one tar call per blob would reopen the archive each time.
    for (let i = 0; i < paths.length; i += 500) {
      await tar.replace({ file: partial, cwd: dataDir, portable: true }, paths.slice(i, i + 500));
    }
    // Synced before it is reported done: the operator may unplug the backup disk right after.
    await syncPath(partial);
    renameSync(partial, outFile);
    await syncPath(dirname(outFile));
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
}

/**
 * Restores a backup into an empty data directory. Everything is unpacked and checked first
 * (the ledger's hash chain, every blob against its SHA-256, the counts in the manifest) and
 * only then moved into place, so a damaged backup never leaves a half-restored server.
 */
export async function restore(backupFile: string, dataDir: string): Promise<BackupManifest> {
  if (existsSync(join(dataDir, 'ledger.sqlite')) || existsSync(join(dataDir, 'blobs'))) {
    throw new Error(`${dataDir} 已有台账或文件，请恢复到空目录 (refusing to overwrite an existing ledger)`);
  }
  mkdirSync(dataDir, { recursive: true });
  const staging = mkdtempSync(join(dataDir, '.daiban-restore-'));
  try {
    await tar.extract({ file: backupFile, cwd: staging, strict: true });
    const manifest = JSON.parse(readFileSync(join(staging, 'manifest.json'), 'utf8')) as BackupManifest;
    if (manifest.format !== 1) throw new Error(`不认识的备份格式 ${String(manifest.format)} (unknown backup format)`);
    const db = openDbReadOnly(staging);
    try {
      const check = await verifyLedger(db);
      if (!check.ok) throw new Error(`备份中的台账校验失败 (ledger in the backup does not verify): ${check.problem?.message}`);
      if (check.events !== manifest.events) throw new Error('备份中的事件数与清单不符 (event count differs from the manifest)');
      const unpacked = new FileBlobStore(join(staging, 'blobs'));
      const dirs = new Set<string>();
      for await (const blob of iterateBlobs(db)) {
        const file = unpacked.path(blob.sha256);
        if (!existsSync(file) || (await sha256Of(file)) !== blob.sha256) {
          throw new Error(`备份缺少或损坏了文件 ${blob.sha256} (blob missing or damaged)`);
        }
        await syncPath(file);
        dirs.add(dirname(file));
      }
      // Everything unpacked is on the disk before it moves into place: the server may start at once.
      for (const dir of dirs) await syncPath(dir);
      if (dirs.size > 0) await syncPath(join(staging, 'blobs'));
      await syncPath(join(staging, 'ledger.sqlite'));
    } finally {
      await db.close();
    }
    renameSync(join(staging, 'ledger.sqlite'), join(dataDir, 'ledger.sqlite'));
    if (existsSync(join(staging, 'blobs'))) renameSync(join(staging, 'blobs'), join(dataDir, 'blobs'));
    await syncPath(dataDir);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

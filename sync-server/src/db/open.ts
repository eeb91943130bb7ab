import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './driver.ts';
import { openPostgres } from './postgres.ts';
import { SqliteDb } from './sqlite.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * Opens (creating if needed) the ledger file in WAL mode and brings its schema up to date.
 * Migrations are the numbered .sql files beside this module, applied in order, each in
 * its own transaction; `PRAGMA user_version` records the last one applied.
 */
export function openDb(dataDir: string): SqliteDb {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'ledger.sqlite'));
  db.pragma('journal_mode = WAL');
  // FULL syncs the log at every commit: a push is acknowledged only once it is on the disk. The
  // tablet then drops it from its outbox, so a commit a power cut could take back (NORMAL) would be
  // lost for good, and the ledger's head would go back behind heads tablets hold as witnesses.
  // Group commit pays one sync for every device's push in the same turn.
  db.pragma('synchronous = FULL');
  // A push of 100 mutations touches a few hundred pages (random ids in several indexes). Checkpointing
  // every 1,000 pages (the default) copied and synced them every few pushes; every 16,000 pages
  // (64 MiB of WAL) a hot page is copied once for many pushes. The WAL is cut back after each.
  db.pragma('wal_autocheckpoint = 16000');
  db.pragma('journal_size_limit = 67108864');
  // 64 MiB of page cache keeps the inner pages of the indexes of a big ledger in memory.
  db.pragma('cache_size = -65536');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return new SqliteDb(db);
}

/**
 * The server's ledger: PostgreSQL when `databaseUrl` is a postgres:// URL (a county server, several
 * app nodes), else the SQLite file in `dataDir` (the default).
 */
export async function openLedger(options: { dataDir: string; databaseUrl?: string | undefined }): Promise<Db> {
  const url = postgresUrl(options.databaseUrl);
  return url ? openPostgres(url) : openDb(options.dataDir);
}

/**
 * Opens an existing ledger for reading only (verification, export), changing nothing: the PostgreSQL
 * database at `databaseUrl` when it is a postgres:// URL, as `openLedger` does, else the file in `dataDir`.
 */
export async function openLedgerReadOnly(options: { dataDir: string; databaseUrl?: string | undefined }): Promise<Db> {
  const url = postgresUrl(options.databaseUrl);
  return url ? openPostgres(url, { readOnly: true }) : openDbReadOnly(options.dataDir);
}

/** The PostgreSQL ledger's URL, undefined for the SQLite file; any other URL is refused. */
export function postgresUrl(databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl || /^postgres(ql)?:\/\//.test(databaseUrl)) return databaseUrl || undefined;
  throw new Error(
    `DATABASE_URL must be a postgres:// URL (or unset for the SQLite ledger in DATA_DIR): ${databaseUrl.split(':')[0]}:…`,
  );
}

/** Opens an existing ledger file for reading only (verification, export), changing nothing. */
export function openDbReadOnly(dataDir: string): SqliteDb {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return new SqliteDb(db);
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-.*\.sql$/.test(f))
    .sort();
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (version <= current) continue;
    const sql = readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}

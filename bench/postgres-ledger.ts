// Ledgers on PostgreSQL for the benchmarks: the SQLite ledgers they build, copied row for row into
// a database of the benchmarks' throwaway cluster (durable: fsync and synchronous commit on, see
// createBenchDatabase), so both engines answer on the same rows. Each SQLite file is copied once per
// process; each run serves a copy of that database (CREATE DATABASE … TEMPLATE), dropped after.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createBenchDatabase, dropBenchDatabase } from '../sync-server/src/testing/postgres-cluster.ts';

/** Characters of COPY text written to the connection at a time. */
const CHUNK = 1 << 20;

const copies = new Map<string, Promise<string>>();

/** A new database holding the rows of the SQLite ledger `file` (a file nobody writes meanwhile): its URL. */
export async function postgresCopyOf(file: string): Promise<string> {
  let template = copies.get(file);
  if (!template) {
    template = copyLedger(file);
    copies.set(file, template);
  }
  return createBenchDatabase({ copyOf: await template });
}

/** Drops a database `postgresCopyOf` gave, once its server has stopped. */
export function dropPostgresCopy(url: string): Promise<void> {
  return dropBenchDatabase(url);
}

async function copyLedger(file: string): Promise<string> {
  const started = performance.now();
  const url = await createBenchDatabase();
  const source = new Database(file, { readonly: true, fileMustExist: true });
  const target = new pg.Client({ connectionString: url });
  await target.connect();
  try {
    await target.query('BEGIN');
    // Tables go in one after another, not in the order their foreign keys would ask: the
    // constraints' triggers are off for this session (the cluster's superuser may do so).
    await target.query('SET LOCAL session_replication_role = replica');
    const tables = source
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    let rows = 0;
    for (const table of tables) rows += await copyTable(source, target, table);
    await target.query('COMMIT');
    // Statistics and the visibility map, as autovacuum would have them on a server that grew this big.
    await target.query('VACUUM ANALYZE');
    console.log(`postgres: copied ${rows.toLocaleString()} rows in ${Math.round((performance.now() - started) / 1000)} s`);
  } finally {
    source.close();
    await target.end();
  }
  return url;
}

/**
 * Copies one table with COPY (text format), its columns as PostgreSQL's schema names them
 * (schema-parity.test.ts keeps both schemas alike). Returns the rows copied.
 */
async function copyTable(source: Database.Database, target: pg.Client, table: string): Promise<number> {
  const { rows: columns } = await target.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  if (columns.length === 0) throw new Error(`the SQLite ledger has a table ${table} that PostgreSQL's schema has not`);
  const names = columns.map((c) => c.name).join(', ');
  const stream = target.query(copyFrom(`COPY ${table} (${names}) FROM STDIN`));
  let chunk = '';
  let count = 0;
  for (const row of source.prepare(`SELECT ${names} FROM ${table}`).raw().iterate() as IterableIterator<unknown[]>) {
    chunk += `${row.map(copyText).join('\t')}\n`;
    count += 1;
    if (chunk.length >= CHUNK) {
      const flowing = stream.write(chunk);
      chunk = '';
      if (!flowing) await once(stream, 'drain');
    }
  }
  stream.end(chunk);
  await finished(stream);
  return count;
}

/** A value as COPY's text format writes it: \N for NULL, bytea in hex, special characters escaped. */
function copyText(value: unknown): string {
  if (value === null) return '\\N';
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  return String(value).replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!);
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

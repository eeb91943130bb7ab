import { AsyncLocalStorage } from 'node:async_hooks';
import { readdirSync, readFileSync } from 'node:fs';
import pg, { type CustomTypesConfig, type Pool, type PoolClient, type QueryResult } from 'pg';
import Cursor from 'pg-cursor';
import type { Db, SqlValue } from './driver.ts';

const MIGRATIONS_DIR = new URL('./migrations-pg/', import.meta.url);

/** Key of the advisory lock migrations take, the same on every app node ("daib"). */
/** The ledger's one writer lock (pg_advisory_xact_lock key), the same on every app node. */
const LEDGER_WRITER_LOCK = 0x64616962;

/** Rows a cursor fetches per round trip in `iterate`. */
const CURSOR_BATCH = 500;

/** Commands whose row count is the number of rows written (a SELECT's is the number read). */
const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** A transaction in progress: its connection, and whether it has ended (a late call must not use a returned client). */
interface Transaction {
  client: PoolClient;
  ended: boolean;
}

interface Scope {
  transaction: Transaction;
  depth: number;
}

/**
 * The county engine: a pool of PostgreSQL connections. Statements outside a transaction take any
 * idle connection; a transaction holds one connection from BEGIN to COMMIT, and every call made
 * from inside its work (recognised by the async context) goes to that connection.
 *
 * Isolation is PostgreSQL's default, READ COMMITTED: each statement sees what was committed before
 * it began. So that the ledger behaves as on SQLite, where transactions take turns, every
 * transaction first takes the ledger's writer lock (`LEDGER_WRITER_LOCK`, shared by every app node
 * on the database): a mutation reads a case and writes its next state, an append reads the hash
 * chain's head and inserts seq + 1, and neither may interleave with another request's. Statements
 * outside transactions (the reads of most screens) run side by side on the pool.
 *
 * Results read like SQLite's: BIGINT and NUMERIC come back as numbers (BIGINT beyond 2^53 as a
 * bigint rather than a wrong number), booleans (comparisons, EXISTS) as 1 and 0, BYTEA as a Buffer.
 */
export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  private readonly scope = new AsyncLocalStorage<Scope>();
  private written = 0;
  private closed = false;

  constructor(
    readonly pool: Pool,
    private readonly types: CustomTypesConfig,
  ) {}

  async get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined> {
    const { rows } = await this.query(sql, params);
    return rows[0] as T | undefined;
  }

  async all<T>(sql: string, ...params: SqlValue[]): Promise<T[]> {
    const { rows } = await this.query(sql, params);
    return rows as T[];
  }

  async run(sql: string, ...params: SqlValue[]): Promise<{ changes: number }> {
    const { command, rowCount } = await this.query(sql, params);
    const changes = WRITES.has(command) ? (rowCount ?? 0) : 0;
    this.written += changes;
    return { changes };
  }

  async *iterate<T>(sql: string, ...params: SqlValue[]): AsyncIterable<T> {
    const inside = this.scope.getStore();
    const client = inside ? this.clientOf(inside) : await this.pool.connect();
    // Outside a transaction the cursor is an unnamed portal, which lives until the cursor closes.
    const cursor = client.query(new Cursor<T>(positional(sql), params, { types: this.types }));
    try {
      for (;;) {
        const rows = await cursor.read(CURSOR_BATCH);
        if (rows.length === 0) return;
        yield* rows;
      }
    } finally {
      const closeFailed = await cursor.close().then(
        () => undefined,
        (error: Error) => error,
      );
      // A connection whose cursor would not close is in an unknown state: the pool drops it.
      if (!inside) client.release(closeFailed);
    }
  }

  async exec(sql: string): Promise<void> {
    // No parameters: node-postgres sends it as a simple query, which may hold several statements.
    const inside = this.scope.getStore();
    await (inside ? this.clientOf(inside) : this.pool).query(sql);
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const inside = this.scope.getStore();
    if (inside) return this.savepoint(inside, work);
    const client = await this.pool.connect();
    const transaction: Transaction = { client, ended: false };
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_WRITER_LOCK]);
      const result = await this.scope.run({ transaction, depth: 0 }, work);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // ROLLBACK fails only when the connection is lost; then the pool must not hand it out again.
      await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
        broken = rollbackFailed;
      });
      throw error;
    } finally {
      transaction.ended = true;
      client.release(broken);
    }
  }

  changes(): number {
    return this.written;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async savepoint<T>(scope: Scope, work: () => Promise<T>): Promise<T> {
    const client = this.clientOf(scope);
    const name = `sp${scope.depth + 1}`;
    await client.query(`SAVEPOINT ${name}`);
    try {
      const result = await this.scope.run({ transaction: scope.transaction, depth: scope.depth + 1 }, work);
      await client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await client.query(`RELEASE SAVEPOINT ${name}`);
      throw error;
    }
  }

  private query(sql: string, params: SqlValue[]): Promise<QueryResult> {
    const inside = this.scope.getStore();
    return (inside ? this.clientOf(inside) : this.pool).query(positional(sql), params);
  }

  private clientOf(scope: Scope): PoolClient {
    if (scope.transaction.ended) {
      throw new Error('This transaction has ended: a call made from its work after it finished (a promise not awaited?)');
    }
    return scope.transaction.client;
  }
}

/**
 * Opens a pool on `url` (`postgres://user:password@host:port/database`), checks that the database
 * sorts text like SQLite, and brings the schema up to date: the numbered .sql files of migrations-pg/
 * not yet in `schema_version`, in order, in one transaction under an advisory lock, so that app
 * nodes starting together apply each migration once.
 *
 * `readOnly` (verification, export): no migration, and every connection's transactions are read-only,
 * so the database refuses any write; a database without a ledger is refused.
 */
export async function openPostgres(url: string, { readOnly = false } = {}): Promise<PostgresDb> {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, integer);
  types.setTypeParser(pg.types.builtins.NUMERIC, Number);
  types.setTypeParser(pg.types.builtins.BOOL, (value: string) => (value === 't' ? 1 : 0));
  // A push is acknowledged once committed and the client then drops it: the commit must be on disk,
  // whatever the cluster's own synchronous_commit says.
  const options = readOnly ? '-c default_transaction_read_only=on' : '-c synchronous_commit=on';
  const pool = new pg.Pool({ connectionString: url, types, options });
  // An idle connection the server dropped (restart, idle timeout) is removed from the pool; without
  // a listener the pool's 'error' event would end the process. The next query opens a new connection.
  pool.on('error', () => {});
  const db = new PostgresDb(pool, types);
  try {
    await checkDatabase(db);
    if (readOnly) await checkLedger(db);
    else await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * The ledger needs text compared and sorted by code point, as SQLite does: the spot-check draw is
 * reproducible, listings page by id. A database sorting by a language's rules (en_US, zh_CN) would
 * order ids and codes otherwise, so it is refused rather than answer differently.
 */
async function checkDatabase(db: PostgresDb): Promise<void> {
  const found = await db.get<{ encoding: string; collation: string }>(
    `SELECT pg_encoding_to_char(encoding) AS encoding, datcollate AS collation
       FROM pg_database WHERE datname = current_database()`,
  );
  if (found?.encoding !== 'UTF8' || !/^(C|POSIX|C\.UTF-?8)$/i.test(found.collation)) {
    throw new Error(
      `The database has encoding ${found?.encoding} and collation ${found?.collation}; the ledger needs UTF8 and C: ` +
        `CREATE DATABASE … TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`,
    );
  }
}

async function checkLedger(db: PostgresDb): Promise<void> {
  const found = await db.get<{ database: string; events: string | null }>(
    "SELECT current_database() AS database, to_regclass('events')::text AS events",
  );
  if (!found?.events) throw new Error(`There is no Daiban ledger in database ${found?.database} (no events table)`);
}

async function migrate(db: PostgresDb): Promise<void> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-.*\.sql$/.test(f))
    .sort();
  await db.transaction(async () => {
    await db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
      version INTEGER PRIMARY KEY,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const current =
      (await db.get<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_version'))?.version ?? 0;
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (version <= current) continue;
      await db.exec(readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'));
      await db.run('INSERT INTO schema_version (version) VALUES (?)', version);
    }
  });
}

function integer(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

const translations = new Map<string, string>();

/** A literal, a quoted identifier or a comment (left alone), or a `?` placeholder. */
const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\?/g;

/**
 * The statement with `?` placeholders numbered `$1…$n`, as PostgreSQL wants them; a `?` inside a
 * string literal, a quoted identifier or a comment stays. (So jsonb's `?` operators cannot be
 * written: use `jsonb_exists`.) Each SQL text is translated once.
 */
export function positional(sql: string): string {
  let text = translations.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(TOKENS, (token) => (token === '?' ? `$${++n}` : token));
    translations.set(sql, text);
  }
  return text;
}

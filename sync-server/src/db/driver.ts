/**
 * The one door to the ledger's database, whichever engine holds it: SQLite (embedded, one township,
 * the default) or PostgreSQL (a county server, `DATABASE_URL`). Every function under db/ speaks
 * through it, so the rest of the server never knows which engine answered.
 *
 * SQL is written once, with `?` placeholders and in the subset both engines read alike; where they
 * differ a module asks `db.dialect`. Column aliases in camelCase are double-quoted (`AS "villageId"`):
 * PostgreSQL folds unquoted names to lower case.
 */
export type SqlValue = string | number | bigint | null | Uint8Array;

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  readonly dialect: Dialect;
  /** The first row, or undefined. */
  get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, ...params: SqlValue[]): Promise<T[]>;
  /** A statement that returns no rows; `changes` counts the rows it inserted, updated or deleted. */
  run(sql: string, ...params: SqlValue[]): Promise<{ changes: number }>;
  /**
   * Rows streamed in order, for reads too large to hold (verifying the whole ledger, a backup).
   * The loop's body must not use this handle: it holds the connection until the loop ends.
   */
  iterate<T>(sql: string, ...params: SqlValue[]): AsyncIterable<T>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in a transaction: committed when it resolves, rolled back when it throws. Every call
   * on this handle made from inside `work` (however deep, across awaits) runs in that transaction; a
   * transaction opened inside another is a savepoint, rolled back alone when its work throws.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Rows inserted, updated or deleted through this handle since it opened (tests: did anything write?). */
  changes(): number;
  close(): Promise<void>;
}

import type { Db, SqlValue } from './driver.ts';

/*
 * The few SQL spellings the two engines do not share. Records are stored as JSON text in both
 * (one format for the ledger, its backups and its pulls); PostgreSQL parses it where a query
 * reads a field.
 */

/** A field of a JSON text column, as text. */
export function jsonText(db: Db, column: string, field: string): string {
  return db.dialect === 'postgres' ? `(${column}::jsonb ->> '${field}')` : `json_extract(${column}, '$.${field}')`;
}

/** A numeric field of a JSON text column. */
export function jsonNumber(db: Db, column: string, field: string): string {
  return db.dialect === 'postgres' ? `(${column}::jsonb ->> '${field}')::integer` : `json_extract(${column}, '$.${field}')`;
}

/** The China-time month (YYYY-MM) of an ISO instant held as text. */
export function chinaMonthOf(db: Db, isoText: string): string {
  return db.dialect === 'postgres'
    ? `to_char((${isoText})::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`
    : `strftime('%Y-%m', ${isoText}, '+8 hours')`;
}

/** SQLite's planner sometimes needs telling which index to use; PostgreSQL's chooses by statistics. */
export function indexedBy(db: Db, index: string): string {
  return db.dialect === 'sqlite' ? `INDEXED BY ${index}` : '';
}

/**
 * `column` is one of the values of a JSON array parameter (`listParam`): one statement text however
 * long the list, so a batch reads what it needs in one statement.
 */
export function inList(db: Db, column: string): string {
  return db.dialect === 'postgres'
    ? `${column} IN (SELECT jsonb_array_elements_text(?::jsonb))`
    : `${column} IN (SELECT value FROM json_each(?))`;
}

export function listParam(values: Iterable<string>): string {
  return JSON.stringify([...new Set(values)]);
}

/** Rows per INSERT on PostgreSQL: well below its 65,535 parameters a statement for any of our tables. */
const ROWS_PER_INSERT = 1000;

/** How items of one kind become rows of a table; `tail` follows the values (an ON CONFLICT clause). */
export interface RowsOf<T> {
  table: string;
  columns: string[];
  tail?: string;
  row(item: T): SqlValue[];
}

/**
 * Inserts a row for each item. On PostgreSQL, where every statement is a round trip, one statement
 * carries many rows; on SQLite one prepared statement runs per row (no round trip to save, and one
 * statement text to compile).
 */
export async function insertRows<T>(db: Db, spec: RowsOf<T>, items: readonly T[]): Promise<void> {
  const values = (n: number) => Array.from({ length: n }, () => `(${spec.columns.map(() => '?').join(', ')})`).join(', ');
  const insert = (n: number) => `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) VALUES ${values(n)} ${spec.tail ?? ''}`;
  if (db.dialect === 'sqlite') {
    for (const item of items) await db.run(insert(1), ...spec.row(item));
    return;
  }
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) {
    const chunk = items.slice(i, i + ROWS_PER_INSERT);
    await db.run(insert(chunk.length), ...chunk.flatMap((item) => spec.row(item)));
  }
}

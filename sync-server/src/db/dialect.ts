import type { Db } from './driver.ts';

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

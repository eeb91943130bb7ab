import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

const cache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, compiled once per database handle (preparing costs more than running). */
export function stmt(db: Db, sql: string): Statement {
  const statements = cache.get(db) ?? new Map<string, Statement>();
  cache.set(db, statements);
  const prepared = statements.get(sql) ?? db.prepare(sql);
  statements.set(sql, prepared);
  return prepared;
}

/** The SQL of every statement prepared on this handle so far (the benchmarks check their query plans). */
export function preparedSql(db: Db): string[] {
  return [...(cache.get(db)?.keys() ?? [])];
}

/** Rows inserted, updated or deleted on this handle since it opened: shows whether a piece of work wrote anything. */
export function totalChanges(db: Db): number {
  return (stmt(db, 'SELECT total_changes() AS n').get() as { n: number }).n;
}

import type { Conflict } from '@daiban/schemas';
import type { Db } from './open.ts';
import { stmt } from './statements.ts';

export function insertConflict(db: Db, c: Conflict): void {
  stmt(db, 'INSERT INTO conflicts (id, case_id, village_id, data, recorded_at, restored_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    c.id,
    c.caseId,
    c.villageId,
    JSON.stringify(c),
    c.recordedAt,
    c.restoredAt,
  );
}

export function getConflict(db: Db, id: string): Conflict | undefined {
  const row = stmt(db, 'SELECT data, restored_at AS restoredAt FROM conflicts WHERE id = ?').get(id) as
    | { data: string; restoredAt: string | null }
    | undefined;
  return row && { ...(JSON.parse(row.data) as Conflict), restoredAt: row.restoredAt };
}

export function markConflictRestored(db: Db, id: string, at: string): void {
  stmt(db, 'UPDATE conflicts SET restored_at = ? WHERE id = ?').run(at, id);
}

/** Conflicts of the given villages, newest first. */
export function listConflicts(db: Db, villageIds: string[]): Conflict[] {
  if (villageIds.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT data, restored_at AS restoredAt FROM conflicts WHERE village_id IN (${villageIds.map(() => '?').join(', ')})
     ORDER BY recorded_at DESC LIMIT 500`,
  ).all(...villageIds) as { data: string; restoredAt: string | null }[];
  return rows.map((r) => ({ ...(JSON.parse(r.data) as Conflict), restoredAt: r.restoredAt }));
}

import type { Conflict } from '@daiban/schemas';
import type { RowsOf } from './dialect.ts';
import type { Db } from './driver.ts';

export const CONFLICT_ROWS: RowsOf<Conflict> = {
  table: 'conflicts',
  columns: ['id', 'case_id', 'village_id', 'data', 'recorded_at', 'restored_at'],
  row: (c) => [c.id, c.caseId, c.villageId, JSON.stringify(c), c.recordedAt, c.restoredAt],
};

export async function getConflict(db: Db, id: string): Promise<Conflict | undefined> {
  const row = (await db.get('SELECT data, restored_at AS "restoredAt" FROM conflicts WHERE id = ?', id)) as
    | { data: string; restoredAt: string | null }
    | undefined;
  return row && { ...(JSON.parse(row.data) as Conflict), restoredAt: row.restoredAt };
}

export async function markConflictRestored(db: Db, id: string, at: string): Promise<void> {
  await db.run('UPDATE conflicts SET restored_at = ? WHERE id = ?', at, id);
}

/** Conflicts of the given villages, newest first. */
export async function listConflicts(db: Db, villageIds: string[]): Promise<Conflict[]> {
  if (villageIds.length === 0) return [];
  const rows = (await db.all(
    `SELECT data, restored_at AS "restoredAt" FROM conflicts WHERE village_id IN (${villageIds.map(() => '?').join(', ')})
     ORDER BY recorded_at DESC LIMIT 500`,
    ...villageIds,
  )) as { data: string; restoredAt: string | null }[];
  return rows.map((r) => ({ ...(JSON.parse(r.data) as Conflict), restoredAt: r.restoredAt }));
}

import type { Followup } from '@daiban/schemas';
import type { RowsOf } from './dialect.ts';
import type { Db } from './driver.ts';

export type StoredFollowup = Omit<Followup, 'overdue'>;

export const FOLLOWUP_ROWS: RowsOf<StoredFollowup> = {
  table: 'followups',
  columns: ['id', 'case_id', 'village_id', 'data', 'due_date', 'closed_at'],
  row: (f) => [f.id, f.caseId, f.villageId, JSON.stringify(f), f.dueDate, null],
};

export async function getFollowup(db: Db, id: string): Promise<StoredFollowup | undefined> {
  const row = (await db.get('SELECT data FROM followups WHERE id = ?', id)) as { data: string } | undefined;
  return row && (JSON.parse(row.data) as StoredFollowup);
}

export async function closeFollowup(db: Db, f: StoredFollowup): Promise<void> {
  await db.run('UPDATE followups SET data = ?, closed_at = ? WHERE id = ?', JSON.stringify(f), f.closedAt ?? null, f.id);
}

/** Follow-ups of the given villages: open ones first (soonest due first), then the latest closed. */
export async function listFollowups(db: Db, villageIds: string[]): Promise<StoredFollowup[]> {
  if (villageIds.length === 0) return [];
  const rows = (await db.all(
    `SELECT data FROM followups WHERE village_id IN (${villageIds.map(() => '?').join(', ')})
     ORDER BY closed_at IS NOT NULL, due_date LIMIT 500`,
    ...villageIds,
  )) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as StoredFollowup);
}

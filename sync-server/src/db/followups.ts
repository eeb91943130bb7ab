import type { Followup } from '@daiban/schemas';
import type { Db } from './open.ts';
import { stmt } from './statements.ts';

type StoredFollowup = Omit<Followup, 'overdue'>;

export function insertFollowup(db: Db, f: StoredFollowup): void {
  stmt(db, 'INSERT INTO followups (id, case_id, village_id, data, due_date, closed_at) VALUES (?, ?, ?, ?, ?, NULL)').run(
    f.id,
    f.caseId,
    f.villageId,
    JSON.stringify(f),
    f.dueDate,
  );
}

export function getFollowup(db: Db, id: string): StoredFollowup | undefined {
  const row = stmt(db, 'SELECT data FROM followups WHERE id = ?').get(id) as { data: string } | undefined;
  return row && (JSON.parse(row.data) as StoredFollowup);
}

export function closeFollowup(db: Db, f: StoredFollowup): void {
  stmt(db, 'UPDATE followups SET data = ?, closed_at = ? WHERE id = ?').run(JSON.stringify(f), f.closedAt ?? null, f.id);
}

/** Follow-ups of the given villages: open ones first (soonest due first), then the latest closed. */
export function listFollowups(db: Db, villageIds: string[]): StoredFollowup[] {
  if (villageIds.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT data FROM followups WHERE village_id IN (${villageIds.map(() => '?').join(', ')})
     ORDER BY closed_at IS NOT NULL, due_date LIMIT 500`,
  ).all(...villageIds) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as StoredFollowup);
}

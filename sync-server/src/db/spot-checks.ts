import type { Case, SpotCheckResult, SpotCheckSummary } from '@daiban/schemas';
import type { Db } from './open.ts';
import { stmt } from './statements.ts';

export interface StoredSpotCheck extends SpotCheckSummary {
  townshipId: string;
}

export interface StoredSpotCheckItem {
  caseId: string;
  result: SpotCheckResult | null;
  note: string;
  checkedAt: string | null;
}

/** Cases of the villages received (in the village) between two instants, both ISO; a superset the caller narrows. */
export function casesReceivedAround(db: Db, villageIds: string[], fromIso: string, toIso: string): Case[] {
  if (villageIds.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT data FROM cases WHERE village_id IN (${villageIds.map(() => '?').join(', ')})
       AND json_extract(data, '$.receivedAt') BETWEEN ? AND ?`,
  ).all(...villageIds, fromIso, toIso) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as Case);
}

export function insertSpotCheck(
  db: Db,
  s: Omit<StoredSpotCheck, 'total' | 'checked'> & { drawnBy: string },
  caseIds: string[],
): void {
  stmt(
    db,
    `INSERT INTO spot_checks (id, township_id, period_from, period_to, per_village, seed, drawn_at, drawn_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(s.id, s.townshipId, s.from, s.to, s.perVillage, s.seed, s.drawnAt, s.drawnBy);
  const item = stmt(db, 'INSERT INTO spot_check_items (spot_check_id, case_id, position) VALUES (?, ?, ?)');
  for (const [i, caseId] of caseIds.entries()) item.run(s.id, caseId, i);
}

const SUMMARY = `SELECT s.id, s.township_id AS townshipId, s.period_from AS "from", s.period_to AS "to",
    s.per_village AS perVillage, s.seed, s.drawn_at AS drawnAt,
    (SELECT COUNT(*) FROM spot_check_items i WHERE i.spot_check_id = s.id) AS total,
    (SELECT COUNT(*) FROM spot_check_items i WHERE i.spot_check_id = s.id AND i.result IS NOT NULL) AS checked
  FROM spot_checks s`;

export function getSpotCheck(db: Db, id: string): StoredSpotCheck | undefined {
  return stmt(db, `${SUMMARY} WHERE s.id = ?`).get(id) as StoredSpotCheck | undefined;
}

/** The township's spot checks, newest first. */
export function listSpotChecks(db: Db, townshipId: string): StoredSpotCheck[] {
  return stmt(db, `${SUMMARY} WHERE s.township_id = ? ORDER BY s.drawn_at DESC, s.id LIMIT 200`).all(
    townshipId,
  ) as StoredSpotCheck[];
}

/** The drawn cases of a spot check, in draw order. */
export function spotCheckItems(db: Db, id: string): StoredSpotCheckItem[] {
  return stmt(
    db,
    `SELECT case_id AS caseId, result, note, checked_at AS checkedAt FROM spot_check_items
      WHERE spot_check_id = ? ORDER BY position`,
  ).all(id) as StoredSpotCheckItem[];
}

export function setSpotCheckResult(
  db: Db,
  id: string,
  caseId: string,
  check: { result: SpotCheckResult; note: string; checkedAt: string; checkedBy: string },
): void {
  stmt(
    db,
    'UPDATE spot_check_items SET result = ?, note = ?, checked_at = ?, checked_by = ? WHERE spot_check_id = ? AND case_id = ?',
  ).run(check.result, check.note, check.checkedAt, check.checkedBy, id, caseId);
}

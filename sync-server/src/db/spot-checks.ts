import type { Case, SpotCheckResult, SpotCheckSummary } from '@daiban/schemas';
import { jsonText } from './dialect.ts';
import type { Db } from './driver.ts';

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
export async function casesReceivedAround(db: Db, villageIds: string[], fromIso: string, toIso: string): Promise<Case[]> {
  if (villageIds.length === 0) return [];
  const rows = (await db.all(
    `SELECT data FROM cases WHERE village_id IN (${villageIds.map(() => '?').join(', ')})
       AND ${jsonText(db, 'data', 'receivedAt')} BETWEEN ? AND ?`,
    ...villageIds,
    fromIso,
    toIso,
  )) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as Case);
}

export async function insertSpotCheck(
  db: Db,
  s: Omit<StoredSpotCheck, 'total' | 'checked'> & { drawnBy: string },
  caseIds: string[],
): Promise<void> {
  await db.run(
    `INSERT INTO spot_checks (id, township_id, period_from, period_to, per_village, seed, drawn_at, drawn_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    s.id,
    s.townshipId,
    s.from,
    s.to,
    s.perVillage,
    s.seed,
    s.drawnAt,
    s.drawnBy,
  );
  for (const [i, caseId] of caseIds.entries()) {
    await db.run('INSERT INTO spot_check_items (spot_check_id, case_id, position) VALUES (?, ?, ?)', s.id, caseId, i);
  }
}

const SUMMARY = `SELECT s.id, s.township_id AS "townshipId", s.period_from AS "from", s.period_to AS "to",
    s.per_village AS "perVillage", s.seed, s.drawn_at AS "drawnAt",
    (SELECT COUNT(*) FROM spot_check_items i WHERE i.spot_check_id = s.id) AS total,
    (SELECT COUNT(*) FROM spot_check_items i WHERE i.spot_check_id = s.id AND i.result IS NOT NULL) AS checked
  FROM spot_checks s`;

export async function getSpotCheck(db: Db, id: string): Promise<StoredSpotCheck | undefined> {
  return (await db.get(`${SUMMARY} WHERE s.id = ?`, id)) as StoredSpotCheck | undefined;
}

/** The township's spot checks, newest first. */
export async function listSpotChecks(db: Db, townshipId: string): Promise<StoredSpotCheck[]> {
  return (await db.all(
    `${SUMMARY} WHERE s.township_id = ? ORDER BY s.drawn_at DESC, s.id LIMIT 200`,
    townshipId,
  )) as StoredSpotCheck[];
}

/** The drawn cases of a spot check, in draw order. */
export async function spotCheckItems(db: Db, id: string): Promise<StoredSpotCheckItem[]> {
  return (await db.all(
    `SELECT case_id AS "caseId", result, note, checked_at AS "checkedAt" FROM spot_check_items
      WHERE spot_check_id = ? ORDER BY position`,
    id,
  )) as StoredSpotCheckItem[];
}

export async function setSpotCheckResult(
  db: Db,
  id: string,
  caseId: string,
  check: { result: SpotCheckResult; note: string; checkedAt: string; checkedBy: string },
): Promise<void> {
  await db.run(
    'UPDATE spot_check_items SET result = ?, note = ?, checked_at = ?, checked_by = ? WHERE spot_check_id = ? AND case_id = ?',
    check.result,
    check.note,
    check.checkedAt,
    check.checkedBy,
    id,
    caseId,
  );
}

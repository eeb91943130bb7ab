import { chinaMonthOf, indexedBy, jsonNumber, jsonText } from './dialect.ts';
import type { Db } from './driver.ts';

/** Ledger instants are ISO strings in UTC from `toISOString`, so a string range is a time range. */
export interface TimeWindow {
  from: string;
  to: string;
}

export interface VillageEventCounts {
  villageId: string;
  submitted: number;
  accepted: number;
  returned: number;
  rejected: number;
  ratings: number;
  satisfied: number;
  ratingSum: number;
}

/** Per village: cases with each kind of township decision in the window, and the ratings given in it. */
export async function eventCountsIn(db: Db, townshipId: string, w: TimeWindow): Promise<VillageEventCounts[]> {
  const level = jsonNumber(db, 'e.payload', 'level');
  return (await db.all(
    `SELECT e.village_id AS "villageId",
       COUNT(DISTINCT CASE WHEN e.type = 'case.receive' THEN e.entity_id END) AS submitted,
       COUNT(DISTINCT CASE WHEN e.type = 'case.accept' THEN e.entity_id END) AS accepted,
       COUNT(DISTINCT CASE WHEN e.type = 'case.return' THEN e.entity_id END) AS returned,
       COUNT(DISTINCT CASE WHEN e.type = 'case.reject' THEN e.entity_id END) AS rejected,
       COUNT(CASE WHEN e.type = 'case.rate' THEN 1 END) AS ratings,
       COUNT(CASE WHEN e.type = 'case.rate' AND ${level} >= 4 THEN 1 END) AS satisfied,
       COALESCE(SUM(CASE WHEN e.type = 'case.rate' THEN ${level} END), 0) AS "ratingSum"
     FROM events e JOIN villages v ON v.id = e.village_id
     WHERE v.township_id = ? AND e.recorded_at >= ? AND e.recorded_at < ?
       AND e.type IN ('case.receive', 'case.accept', 'case.return', 'case.reject', 'case.rate')
     GROUP BY e.village_id`,
    townshipId,
    w.from,
    w.to,
  )) as VillageEventCounts[];
}

/**
 * Per village: cases whose village acceptance (receivedAt, the tablet's time) falls in the
 * China-time month `YYYY-MM`, whenever the tablet synced them.
 */
export async function receivedInMonth(
  db: Db,
  townshipId: string,
  month: string,
): Promise<{ villageId: string; received: number }[]> {
  return (await db.all(
    `SELECT e.village_id AS "villageId", COUNT(DISTINCT e.entity_id) AS received
     FROM events e JOIN villages v ON v.id = e.village_id
     WHERE v.township_id = ? AND e.type = 'case.receive'
       AND ${chinaMonthOf(db, jsonText(db, 'e.payload', 'receivedAt'))} = ?
     GROUP BY e.village_id`,
    townshipId,
    month,
  )) as { villageId: string; received: number }[];
}

export interface CompletionRow {
  villageId: string;
  completedAt: string;
  dueDate: string | null;
  /** The township's first acceptance of the case. */
  acceptedAt: string | null;
}

/** Every case completed in the window, with its due date and when the township first accepted it. */
export async function completionsIn(db: Db, townshipId: string, w: TimeWindow): Promise<CompletionRow[]> {
  return (await db.all(
    `SELECT e.village_id AS "villageId", e.recorded_at AS "completedAt", ${jsonText(db, 'c.data', 'dueDate')} AS "dueDate",
       (SELECT MIN(a.recorded_at) FROM events a ${indexedBy(db, 'events_entity')} WHERE a.entity_id = e.entity_id AND a.type = 'case.accept') AS "acceptedAt"
     FROM events e JOIN villages v ON v.id = e.village_id JOIN cases c ON c.id = e.entity_id
     WHERE v.township_id = ? AND e.type = 'case.complete' AND e.recorded_at >= ? AND e.recorded_at < ?`,
    townshipId,
    w.from,
    w.to,
  )) as CompletionRow[];
}

export interface DueCaseRow {
  villageId: string;
  dueDate: string;
  /** The case's last lifecycle event before the cutoff, and when it was recorded. */
  lastType: string;
  lastAt: string;
}

/**
 * Cases accepted before `cutoff` whose due date is before `day`: the candidates for 超期, with
 * where each stood at the cutoff so the caller can tell open, paused (补正) and closed apart.
 * Only cases open now or closed after the cutoff can have been open at it, so the old closed
 * ones are never read.
 */
export async function dueCasesAt(db: Db, townshipId: string, cutoff: string, day: string): Promise<DueCaseRow[]> {
  return (await db.all(
    `WITH candidates(id) AS (
       SELECT id FROM cases WHERE status IN ('submitted', 'accepted', 'returned')
       UNION
       SELECT entity_id FROM events WHERE type IN ('case.complete', 'case.reject') AND recorded_at >= ?
     )
     SELECT d."villageId", d."dueDate", last.type AS "lastType", last.recorded_at AS "lastAt" FROM (
       SELECT c.id, c.village_id AS "villageId", ${jsonText(db, 'c.data', 'dueDate')} AS "dueDate",
         (SELECT l.seq FROM events l ${indexedBy(db, 'events_entity')} WHERE l.entity_id = c.id AND l.recorded_at < ?
            AND l.type IN ('case.accept', 'case.return', 'case.resubmit', 'case.complete', 'case.reject')
            ORDER BY l.seq DESC LIMIT 1) AS "lastSeq"
       FROM candidates k JOIN cases c ON c.id = k.id JOIN villages v ON v.id = c.village_id
       WHERE v.township_id = ? AND ${jsonText(db, 'c.data', 'dueDate')} < ?
         AND EXISTS (SELECT 1 FROM events a ${indexedBy(db, 'events_entity')} WHERE a.entity_id = c.id AND a.type = 'case.accept' AND a.recorded_at < ?)
     ) d JOIN events last ON last.seq = d."lastSeq"`,
    cutoff,
    cutoff,
    townshipId,
    day,
    cutoff,
  )) as DueCaseRow[];
}

import { type Case, OPEN_STATUSES, type Visit } from '@daiban/schemas';
import type { DaibanDb } from './db.ts';
import { recordsOf } from './record-index.ts';

/**
 * What a visit's 本次代办件 picker offers: the villager's open cases that this agent handles (never a
 * colleague's), newest first, and the one opened on this visit, which it picks by itself.
 */
export async function visitCaseChoices(
  db: DaibanDb,
  visit: Visit,
  agentId: string,
): Promise<{ cases: Case[]; opened: string | undefined }> {
  // Picked by the index's keys (handler, status), so only the cases offered are read.
  const ids = (await recordsOf(db, 'cases'))
    .casesOfApplicant(visit.applicantId)
    .filter((c) => (c.handlerId ?? c.agentId) === agentId && OPEN_STATUSES.includes(c.status))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
    .map((c) => c.id);
  const cases = (await db.cases.bulkGet(ids)).filter((c) => c !== undefined);
  return { cases, opened: cases.find((c) => c.visitId === visit.id)?.id };
}

/** The home visits recorded for a case, in the order they were made. */
export async function visitsOfCase(db: DaibanDb, c: Case): Promise<Visit[]> {
  const visits = await db.visits.where('applicantId').equals(c.applicantId).sortBy('createdAt');
  return visits.filter((v) => v.caseId === c.id);
}

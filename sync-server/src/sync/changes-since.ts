import type { CalendarEntry, PullResponse } from '@daiban/schemas';
import {
  agentsChangedSince,
  applicantsChangedSince,
  calendarSeq,
  casesChangedSince,
  type Db,
  dutyChangedSince,
  handoversChangedSince,
  ledgerHead,
  listCalendarEntries,
  listVillages,
  type Principal,
  serviceItemsChangedSince,
  villagesChangedSince,
  visitsChangedSince,
} from '../db/index.ts';

type Kind = 'serviceItems' | 'villages' | 'applicants' | 'cases' | 'visits' | 'handovers' | 'agents' | 'duty';
type Change =
  | { [K in Kind]: { seq: number; kind: K; value: PullResponse[K][number] } }[Kind]
  | { seq: number; kind: 'calendar'; value: CalendarEntry[] };

/**
 * The latest state of every record the caller may see that changed after `cursor`, oldest
 * change first, at most `limit` records. Each projection row carries the ledger sequence
 * of its last change, so a record changed twice is sent once, in its newest form.
 * The returned cursor is safe to resume from: every visible change at or below it is included.
 * The holiday calendar travels whole, as one record, after any edit of it.
 */
export function changesSince(db: Db, who: Principal, cursor: number, limit: number): PullResponse {
  return db.transaction(() => {
    const villageIds = who.villageId ? [who.villageId] : listVillages(db, who.townshipId).map((v) => v.id);
    const calendarChangedAt = calendarSeq(db, who.townshipId);
    const changes: Change[] = [
      ...serviceItemsChangedSince(db, cursor, limit + 1).map((r) => ({
        seq: r.seq,
        kind: 'serviceItems' as const,
        value: r.item,
      })),
      ...villagesChangedSince(db, who.townshipId, cursor, limit + 1).map(({ seq, ...v }) => ({
        seq,
        kind: 'villages' as const,
        value: v,
      })),
      ...applicantsChangedSince(db, villageIds, cursor, limit + 1).map((r) => ({
        seq: r.seq,
        kind: 'applicants' as const,
        value: r.record,
      })),
      ...casesChangedSince(db, villageIds, cursor, limit + 1).map((r) => ({
        seq: r.seq,
        kind: 'cases' as const,
        value: r.record,
      })),
      ...visitsChangedSince(db, villageIds, cursor, limit + 1).map((r) => ({
        seq: r.seq,
        kind: 'visits' as const,
        value: r.record,
      })),
      ...handoversChangedSince(db, villageIds, cursor, limit + 1).map((r) => ({
        seq: r.seq,
        kind: 'handovers' as const,
        value: r.record,
      })),
      ...agentsChangedSince(db, villageIds, cursor, limit + 1).map(({ seq, ...value }) => ({
        seq,
        kind: 'agents' as const,
        value,
      })),
      ...dutyChangedSince(db, villageIds, cursor, limit + 1).map(({ seq, ...value }) => ({ seq, kind: 'duty' as const, value })),
      ...(calendarChangedAt > cursor
        ? [{ seq: calendarChangedAt, kind: 'calendar' as const, value: listCalendarEntries(db, who.townshipId) }]
        : []),
    ].sort((a, b) => a.seq - b.seq);

    const page = changes.slice(0, limit);
    const hasMore = changes.length > limit;
    const response: PullResponse = {
      cursor: hasMore ? page[page.length - 1]!.seq : Math.max(ledgerHead(db), cursor),
      hasMore,
      serviceItems: page.flatMap((c) => (c.kind === 'serviceItems' ? [c.value] : [])),
      villages: page.flatMap((c) => (c.kind === 'villages' ? [c.value] : [])),
      applicants: page.flatMap((c) => (c.kind === 'applicants' ? [c.value] : [])),
      cases: page.flatMap((c) => (c.kind === 'cases' ? [c.value] : [])),
      visits: page.flatMap((c) => (c.kind === 'visits' ? [c.value] : [])),
      handovers: page.flatMap((c) => (c.kind === 'handovers' ? [c.value] : [])),
      agents: page.flatMap((c) => (c.kind === 'agents' ? [c.value] : [])),
      duty: page.flatMap((c) => (c.kind === 'duty' ? [c.value] : [])),
    };
    const calendar = page.find((c) => c.kind === 'calendar');
    if (calendar) response.calendar = calendar.value;
    return response;
  })();
}

import type { PullResponse, SignedHead } from '@daiban/schemas';
import {
  agentsChangedSince,
  applicantsChangedSince,
  calendarSeq,
  casesChangedSince,
  chainHead,
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

type Kind = Exclude<keyof PullResponse, 'cursor' | 'hasMore' | 'calendar' | 'head'>;
/** One changed record (or the whole calendar) as JSON text, with the ledger sequence of its last change. */
type Change = { seq: number; kind: Kind | 'calendar'; json: string };

/** The page's record lists, in the order the page names them. */
const KINDS = Object.keys({
  serviceItems: 0,
  villages: 0,
  applicants: 0,
  cases: 0,
  visits: 0,
  handovers: 0,
  agents: 0,
  duty: 0,
} satisfies Record<Kind, 0>) as Kind[];

/** A pulled page as JSON text, with its cursor and whether more follows (the answer's headers say both). */
export interface PageText {
  json: string;
  cursor: number;
  hasMore: boolean;
}

/**
 * The latest state of every record the caller may see that changed after `cursor`, oldest
 * change first, at most `limit` records: a `PullResponse` as JSON text. Each projection row
 * carries the ledger sequence of its last change, so a record changed twice is sent once, in
 * its newest form. The returned cursor is safe to resume from: every visible change at or below
 * it is included. The holiday calendar travels whole, as one record, after any edit of it.
 *
 * Records are spliced into the page as the ledger stores them (JSON the server wrote from
 * validated records), never parsed and written out again: that was half the server's work for
 * a page of a thousand cases.
 */
export async function pullPage(
  db: Db,
  who: Principal,
  cursor: number,
  limit: number,
  signHead?: (head: { seq: number; hash: string }) => SignedHead,
): Promise<PageText> {
  return await db.transaction(async () => {
    const villageIds = who.villageId ? [who.villageId] : (await listVillages(db, who.townshipId)).map((v) => v.id);
    const calendarChangedAt = await calendarSeq(db, who.townshipId);
    const stored = (kind: Kind, rows: { seq: number; json: string }[]): Change[] => rows.map((r) => ({ ...r, kind }));
    const made = (kind: Kind, rows: { seq: number }[]): Change[] =>
      rows.map(({ seq, ...value }) => ({ seq, kind, json: JSON.stringify(value) }));
    const changes: Change[] = [
      ...stored('serviceItems', await serviceItemsChangedSince(db, who.townshipId, cursor, limit + 1)),
      ...made('villages', await villagesChangedSince(db, who.townshipId, cursor, limit + 1)),
      ...stored('applicants', await applicantsChangedSince(db, villageIds, cursor, limit + 1)),
      ...stored('cases', await casesChangedSince(db, villageIds, cursor, limit + 1)),
      ...stored('visits', await visitsChangedSince(db, villageIds, cursor, limit + 1)),
      ...stored('handovers', await handoversChangedSince(db, villageIds, cursor, limit + 1)),
      ...made('agents', await agentsChangedSince(db, villageIds, cursor, limit + 1)),
      ...made('duty', await dutyChangedSince(db, villageIds, cursor, limit + 1)),
      ...(calendarChangedAt > cursor
        ? [
            {
              seq: calendarChangedAt,
              kind: 'calendar' as const,
              json: JSON.stringify(await listCalendarEntries(db, who.townshipId)),
            },
          ]
        : []),
    ].sort((a, b) => a.seq - b.seq);

    const page = changes.slice(0, limit);
    const hasMore = changes.length > limit;
    const next = hasMore ? page[page.length - 1]!.seq : Math.max(await ledgerHead(db), cursor);
    const lists = KINDS.map((kind) => `"${kind}":[${page.flatMap((c) => (c.kind === kind ? [c.json] : [])).join(',')}]`);
    const calendar = page.find((c) => c.kind === 'calendar');
    if (calendar) lists.push(`"calendar":${calendar.json}`);
    if (signHead) lists.push(`"head":${JSON.stringify(signHead(await chainHead(db)))}`);
    return { json: `{"cursor":${next},"hasMore":${hasMore},${lists.join(',')}}`, cursor: next, hasMore };
  });
}

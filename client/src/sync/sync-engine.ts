import {
  HLC_ZERO,
  JSON_BODY_LIMIT,
  MAX_PULL_PAGE,
  MAX_PUSH_BATCH,
  type MutationResult,
  PROTOCOL_VERSION,
  type PullResponse,
  parseHlc,
  receiveHlc,
  type SignedHead,
} from '@daiban/schemas';
import type { DaibanDb, OutboxEntry } from '../data/db.ts';
import { getMeta, setMeta } from '../data/meta.ts';
import { serverNow } from '../data/outbox.ts';
import { type StoredPage, sealPage } from '../data/page-sealing.ts';
import { asPage } from '../data/record-pages.ts';
import {
  rebuildApplicantViews,
  rebuildCaseViews,
  rebuildHandoverViews,
  rebuildViewsOf,
  rebuildVisitViews,
} from '../data/views.ts';
import { type ApiClient, encodePush, type NextPage, PULL_PARSE_MEASURE, ServerError } from './api-client.ts';
import { uploadBlobs } from './photo-upload.ts';
import type { PulledPage } from './pulled-page-parser.ts';

/**
 * Mutations per push at most (the server's most): each push costs a round trip, 200 ms and more on a
 * village link, and on a fast one both ends' fixed price per request and per commit.
 */
export const PUSH_BATCH = MAX_PUSH_BATCH;
/**
 * Characters of JSON per push at most. The server refuses a body over JSON_BODY_LIMIT bytes once
 * unpacked, and a character takes at most three bytes of UTF-8: a batch of big changes (cases of an
 * item with many materials, long notes) is cut short here rather than refused whole, every time, which
 * would stop the queue for good. The 64 spare characters hold the body's own `{"mutations":[…]}`.
 */
export const PUSH_BODY_CHARS = Math.floor(JSON_BODY_LIMIT / 3) - 64;
/** The largest page the server gives: fewer round trips and transactions for a fresh tablet's first pull. */
export const PULL_PAGE = MAX_PULL_PAGE;

/** The performance measure of storing each pulled page (the first sync's time split, bench/pull.ts). */
export const PULL_STORE_MEASURE = 'daiban:pull:store';

export interface SyncProgress {
  phase: 'push' | 'pull' | 'blobs';
  done: number;
  total: number;
}

export type OnProgress = (p: SyncProgress) => void;

/**
 * One full sync: push the outbox, pull changes, then upload photos. Network calls happen
 * outside Dexie transactions; each acknowledgement or stored page is its own transaction, so
 * a drop at any point leaves the database consistent and the next sync simply continues.
 */
export async function syncOnce(db: DaibanDb, api: ApiClient, onProgress: OnProgress = () => {}): Promise<void> {
  await checkServer(db, api);
  await pushAndPull(db, api, onProgress);
  await uploadBlobs(db, api, onProgress);
}

/** Push then pull: the small, urgent part of a sync, which the sync loop never holds behind photo uploads. */
export async function pushAndPull(db: DaibanDb, api: ApiClient, onProgress: OnProgress = () => {}): Promise<void> {
  await pushOutbox(db, api, onProgress);
  await pullChanges(db, api, onProgress);
  await setMeta(db, 'lastSyncAt', new Date().toISOString());
}

/**
 * Learns the server's time (so this device's clocks follow the server's, however wrong the
 * tablet's own clock is) and refuses to sync with a server that no longer speaks this protocol.
 */
export async function checkServer(db: DaibanDb, api: ApiClient): Promise<void> {
  const health = await api.health();
  if (health.minProtocolVersion > PROTOCOL_VERSION) {
    throw new ServerError(426, 'protocol_too_old', '请更新应用：服务器已不再支持此版本 (update the app)');
  }
  await setMeta(db, 'clockOffsetMs', Date.parse(health.serverTime) - db.wallClock());
}

/**
 * Pushes the outbox in batches, in order. Two batches overlap: while the server applies one, the
 * next is read, and it is sent the moment the first is wholly answered, while the first's answers
 * are stored. A batch the server answered only in part is never followed by the next (that would
 * arrive as a gap): the unanswered rest is read again from the head of the outbox.
 */
export async function pushOutbox(db: DaibanDb, api: ApiClient, onProgress: OnProgress = () => {}) {
  const total = await db.outbox.count();
  let done = 0;
  // A batch's body is encoded as soon as it is read, so the next one is ready when the server answers.
  const encode = (read: OutboxEntry[]) => {
    const { entries, json } = withinPushBody(read);
    const mutations = entries.map((e) => e.mutation);
    const body = encodePush(json);
    body.catch(() => undefined);
    return { entries, mutations, body };
  };
  const send = ({ mutations, body }: ReturnType<typeof encode>) => {
    if (mutations.length === 0) return undefined;
    const reply = api.push(mutations, body);
    // Awaited later: should the loop stop before (a read or store failing), the next sync sends it again.
    reply.catch(() => undefined);
    return reply;
  };
  let batch = encode(await outboxAfter(db));
  let reply = send(batch);
  while (reply) {
    const next = encode(await outboxAfter(db, batch.entries.at(-1)!.seq));
    const { results } = await reply;
    const whole = results.length === batch.entries.length;
    reply = whole ? send(next) : undefined;
    await storeAnswers(db, batch.entries, results);
    done += results.length;
    onProgress({ phase: 'push', done, total });
    // The server answers in order; no answer for the head of the queue means it is waiting for something else.
    if (results.length === 0) throw new Error('服务器未确认任何变更，稍后重试 (server acknowledged nothing)');
    if (whole) batch = next;
    else {
      batch = encode(await outboxAfter(db));
      reply = send(batch);
    }
  }
}

/** The next batch of the outbox in order, after the entry numbered `seq` (from the head without it). */
function outboxAfter(db: DaibanDb, seq?: number): Promise<OutboxEntry[]> {
  const entries = seq === undefined ? db.outbox.orderBy('seq') : db.outbox.where('seq').above(seq);
  return entries.limit(PUSH_BATCH).toArray();
}

/**
 * The head of a batch read from the outbox whose push body stays within PUSH_BODY_CHARS, with each
 * mutation's JSON; the first entry always goes (the protocol's bounds keep any one change far smaller).
 * The rest is read again for the next push.
 */
function withinPushBody(read: OutboxEntry[]): { entries: OutboxEntry[]; json: string[] } {
  const json: string[] = [];
  let chars = 0;
  for (const entry of read) {
    const text = JSON.stringify(entry.mutation);
    chars += text.length + 1;
    if (json.length > 0 && chars > PUSH_BODY_CHARS) break;
    json.push(text);
  }
  return { entries: read.slice(0, json.length), json };
}

/** Removes the answered entries from the outbox; a refused change becomes a refusal and leaves the views. */
async function storeAnswers(db: DaibanDb, batch: OutboxEntry[], results: MutationResult[]) {
  const tables = [
    db.outbox,
    db.refusals,
    db.cases,
    db.serverCases,
    db.applicants,
    db.serverApplicants,
    db.visits,
    db.serverVisits,
    db.handovers,
    db.serverHandovers,
  ];
  const sent = new Map(batch.map((e) => [e.mutation.id, e]));
  await db.transaction('rw', tables, async () => {
    const refused: OutboxEntry[] = [];
    const answered: number[] = [];
    for (const result of results) {
      const entry = sent.get(result.mutationId);
      if (!entry) continue;
      answered.push(entry.seq);
      if (result.outcome === 'refused') {
        await db.refusals.put({
          mutationId: entry.mutation.id,
          entityId: entry.entityId,
          mutation: entry.mutation,
          reason: result.reason ?? 'bad_request',
          message: result.message ?? '',
          refusedAt: new Date().toISOString(),
        });
        refused.push(entry);
      }
    }
    await deleteAnswered(db, batch, answered);
    // A refused change leaves the view: what remains is the server's version plus what is still pending.
    await rebuildViewsOf(db, refused);
  });
}

/**
 * Deletes the answered entries of a batch. The server answers a batch's head, so they are one range of
 * the outbox, deleted in one request (one per entry cost the browser's database a round trip each);
 * any other answer is deleted entry by entry, so no unanswered entry is ever lost.
 */
function deleteAnswered(db: DaibanDb, batch: OutboxEntry[], answered: number[]) {
  const last = answered.at(-1);
  if (last === undefined) return;
  const head = answered.every((seq, i) => seq === batch[i]?.seq);
  return head ? db.outbox.where('seq').between(answered[0], last, true, true).delete() : db.outbox.bulkDelete(answered);
}

/**
 * Pulls every page from the stored cursor. A cursor beyond the ledger's head (`cursor_ahead`: the
 * server was restored from an older backup) is dropped and everything pulled again from 0; the
 * outbox and local records stay, and records with changes waiting get them replayed as on any pull.
 */
export async function pullChanges(db: DaibanDb, api: ApiClient, onProgress: OnProgress = () => {}) {
  try {
    await pullFrom(db, api, (await getMeta(db, 'cursor')) ?? 0, onProgress);
  } catch (error) {
    if (!(error instanceof ServerError && error.reason === 'cursor_ahead')) throw error;
    await setMeta(db, 'cursor', 0);
    await pullFrom(db, api, 0, onProgress);
  } finally {
    // A tablet syncs for weeks: its measures go to whoever observes them (the benchmark), not into a buffer.
    performance.clearMeasures(PULL_PARSE_MEASURE);
    performance.clearMeasures(PULL_STORE_MEASURE);
  }
}

/** Pages asked for ahead of the one being stored, at most: each is a megabyte, and more once parsed. */
const PULL_AHEAD = 2;

/**
 * Pulls pages from `cursor` and stores them in order. Each answer's headers name the next cursor, and
 * the next page is asked for then, while this one is still read, parsed and stored (a server without
 * those headers is asked once the page is parsed). Should storing fail, the pages fetched ahead are
 * dropped, and the next sync starts from the stored cursor.
 */
async function pullFrom(db: DaibanDb, api: ApiClient, from: number, onProgress: OnProgress) {
  const fetched: { cursor: number; pulled: Promise<PulledPage>; next?: NextPage }[] = [];
  let deferred: number | undefined;
  let stopped = false;
  const ask = (cursor: number) => {
    const entry: (typeof fetched)[number] = { cursor, pulled: Promise.resolve() as never };
    entry.pulled = api.pull(cursor, PULL_PAGE, (next) => {
      entry.next = next;
      if (!next.hasMore || stopped) return;
      if (fetched.length <= PULL_AHEAD) ask(next.cursor);
      else deferred = next.cursor;
    });
    entry.pulled.catch(() => undefined);
    fetched.push(entry);
  };
  ask(from);
  let done = 0;
  try {
    for (;;) {
      const entry = fetched[0];
      if (!entry) return;
      const { page, bytes, gzip } = await entry.pulled;
      if (entry.next && (entry.next.cursor !== page.cursor || entry.next.hasMore !== page.hasMore)) {
        throw new ServerError(
          502,
          'internal',
          `pull ${entry.cursor}: the headers name cursor ${entry.next.cursor}, the page ${page.cursor}`,
        );
      }
      const start = performance.now();
      await storePage(db, page, await sealPage(db.vault, bytes, gzip));
      performance.measure(PULL_STORE_MEASURE, { start });
      fetched.shift();
      done += Object.values(page).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 0), 0);
      onProgress({ phase: 'pull', done, total: done });
      if (!page.hasMore) return;
      if (deferred !== undefined) ask(deferred);
      else if (!entry.next) ask(page.cursor);
      deferred = undefined;
    }
  } finally {
    stopped = true;
  }
}

/**
 * Stores one pulled page and moves the cursor in the same transaction: a crash before
 * commit re-pulls the page harmlessly. A record without local changes is written once, as
 * its view; a record with local changes still waiting in the outbox keeps the pulled version
 * in its server table and gets those changes replayed on top, so a pulled change never
 * overwrites a local one (enqueue copies the server version before a record's first local
 * change). The local clock moves past every clock seen.
 */
export async function storePage(db: DaibanDb, page: PullResponse, stored?: StoredPage): Promise<void> {
  const tables = [
    db.serviceItems,
    db.villages,
    db.applicants,
    db.serverApplicants,
    db.cases,
    db.serverCases,
    db.visits,
    db.serverVisits,
    db.handovers,
    db.serverHandovers,
    db.agents,
    db.duty,
    db.calendar,
    db.outbox,
    db.meta,
  ];
  // The server sends a page lost to a power cut again, with its cursor: this one need not wait for the disk.
  db.durability.relax(tables.map((t) => t.name));
  await db.transaction('rw', tables, async () => {
    const ids = [...page.applicants, ...page.cases, ...page.visits, ...page.handovers].map((r) => r.id);
    const pending = new Set((await db.outbox.where('entityId').anyOf(ids).toArray()).map((e) => e.entityId));
    // [with local changes waiting, without]
    const split = <T extends { id: string }>(records: T[]) =>
      [records.filter((r) => pending.has(r.id)), records.filter((r) => !pending.has(r.id))] as const;
    const [applicantsWaiting, applicants] = split(page.applicants);
    const [casesWaiting, cases] = split(page.cases);
    const [visitsWaiting, visits] = split(page.visits);
    const [handoversWaiting, handovers] = split(page.handovers);
    // All writes are issued at once: IndexedDB runs them in order within the transaction. On a fresh
    // tablet nearly every record is written once: its server table is for pending changes only. A full
    // page's villagers and cases without local changes are read from the page itself, `stored` as it
    // came (asPage, record-pages.ts): a first sync writes a few hundred rows, not 100,000.
    await Promise.all([
      db.serviceItems.bulkPut(page.serviceItems),
      db.villages.bulkPut(page.villages),
      db.serverApplicants.bulkPut(applicantsWaiting),
      db.applicants.bulkPut(asPage(applicants, stored)),
      db.serverCases.bulkPut(casesWaiting),
      db.cases.bulkPut(asPage(cases, stored)),
      db.serverVisits.bulkPut(visitsWaiting),
      db.visits.bulkPut(visits),
      db.agents.bulkPut(page.agents),
      db.duty.bulkPut(page.duty),
      db.serverHandovers.bulkPut(handoversWaiting),
      db.handovers.bulkPut(handovers),
      page.calendar && db.calendar.clear().then(() => db.calendar.bulkPut(page.calendar ?? [])),
    ]);
    // Records with local changes still waiting: the pulled version with those changes replayed on top.
    const idsOf = (records: { id: string }[]) => records.map((r) => r.id);
    await rebuildCaseViews(db, idsOf(casesWaiting));
    await rebuildApplicantViews(db, idsOf(applicantsWaiting));
    await rebuildVisitViews(db, idsOf(visitsWaiting));
    await rebuildHandoverViews(db, idsOf(handoversWaiting));
    await mergeClocks(db, page);
    if (page.head) await keepWitness(db, page.head);
    await setMeta(db, 'cursor', page.cursor);
  });
}

/** Ledger heads a tablet keeps: the newest, enough to bracket a rewrite closely over months of syncs. */
export const MAX_WITNESSES = 1000;

/**
 * Keeps a signed chain head the server sent, as a witness of the ledger outside the township's
 * database: exported (设备存储 page), it shows whether the ledger was rewritten since.
 */
async function keepWitness(db: DaibanDb, head: SignedHead): Promise<void> {
  const kept = (await getMeta(db, 'ledgerWitnesses')) ?? [];
  if (kept.at(-1)?.seq === head.seq) return;
  await setMeta(db, 'ledgerWitnesses', [...kept, head].slice(-MAX_WITNESSES));
}

/** Moves the local HLC past the newest clock in a page, so later local edits sort after it. */
async function mergeClocks(db: DaibanDb, page: PullResponse): Promise<void> {
  let newest: string | undefined;
  for (const c of page.cases) for (const hlc of Object.values(c.clocks ?? {})) if (!newest || hlc > newest) newest = hlc;
  if (!newest) return;
  await setMeta(db, 'hlc', receiveHlc((await getMeta(db, 'hlc')) ?? HLC_ZERO, parseHlc(newest), await serverNow(db)));
}

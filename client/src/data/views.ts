import { type Applicant, applyToCase, applyToVisit, type Case, type Mutation, parseHlc, type Visit } from '@daiban/schemas';
import type { Table } from 'dexie';
import type { DaibanDb, OutboxEntry } from './db.ts';

/**
 * Local views are the server's version of a record with the mutations still waiting in the
 * outbox replayed on top, in device order. These rebuild them; run them inside a transaction
 * over the views, their server tables and the outbox. A record the server never had whose
 * creating mutation is gone (refused) leaves the view: nothing is lost, the refusal keeps it.
 */

export function replayCase(base: Case | undefined, pending: OutboxEntry[]): Case | undefined {
  return pending.reduce<Case | undefined>((c, e) => applyToCase(c, e.mutation, timeOf(e.mutation)), base);
}

export async function rebuildCaseViews(db: DaibanDb, ids: Iterable<string>): Promise<void> {
  for (const id of ids) {
    const view = replayCase(await db.serverCases.get(id), await pendingOf(db, id));
    if (view) await db.cases.put(view);
    else await db.cases.delete(id);
  }
}

export async function rebuildVisitViews(db: DaibanDb, ids: Iterable<string>): Promise<void> {
  for (const id of ids) {
    const view = (await pendingOf(db, id)).reduce<Visit | undefined>(
      (v, e) => applyToVisit(v, e.mutation, timeOf(e.mutation)),
      await db.serverVisits.get(id),
    );
    if (view) await db.visits.put(view);
    else await db.visits.delete(id);
  }
}

export async function rebuildHandoverViews(db: DaibanDb, ids: Iterable<string>): Promise<void> {
  for (const id of ids) {
    const created = (await pendingOf(db, id)).find((e) => e.mutation.type === 'handover.create')?.mutation;
    const view = (await db.serverHandovers.get(id)) ?? (created?.type === 'handover.create' ? created.payload : undefined);
    if (view) await db.handovers.put(view);
    else await db.handovers.delete(id);
  }
}

export async function rebuildApplicantViews(db: DaibanDb, ids: Iterable<string>): Promise<void> {
  for (const id of ids) {
    const registration = (await pendingOf(db, id)).find((e) => e.mutation.type === 'applicant.register')?.mutation;
    const view: Applicant | undefined =
      (await db.serverApplicants.get(id)) ?? (registration?.type === 'applicant.register' ? registration.payload : undefined);
    if (view) await db.applicants.put(view);
    else await db.applicants.delete(id);
  }
}

function pendingOf(db: DaibanDb, id: string): Promise<OutboxEntry[]> {
  return db.outbox.where('entityId').equals(id).sortBy('seq');
}

/** When a mutation happened, for `updatedAt` of the replayed view. */
function timeOf(m: Mutation): string {
  return new Date(parseHlc(m.hlc).wallMs).toISOString();
}

/** Mutations that bring a record into being: there is no server version to keep. */
const CREATES = new Set<Mutation['type']>(['applicant.register', 'case.open', 'visit.plan', 'handover.create']);

/** The kind of record a mutation changes: its type up to the dot (`case.receive` changes a case). */
type RecordKind = Mutation['type'] extends `${infer Kind}.${string}` ? Kind : never;

function kindOf(type: Mutation['type']): RecordKind {
  return type.slice(0, type.indexOf('.')) as RecordKind;
}

/**
 * A pulled record without local changes is stored once, as its view (see storePage). Before its
 * first local change the view, which is then the server's version, is copied to the server
 * table: pending changes are replayed on that copy when a pull or a refusal rebuilds the view.
 * Run it before the changed view is written (enqueue does), so the copy is the version before it.
 */
export async function keepServerVersion(db: DaibanDb, type: Mutation['type'], id: string): Promise<void> {
  if (CREATES.has(type) || (await db.outbox.where('entityId').equals(id).count()) > 0) return;
  const kind = kindOf(type);
  if (kind === 'case') await copyView(db.cases, db.serverCases, id);
  else if (kind === 'visit') await copyView(db.visits, db.serverVisits, id);
  // Applicants and handovers have no change after their creation yet; a new one must be added here.
  else throw new Error(`no server version is kept for ${type}`);
}

async function copyView<T>(views: Table<T, string>, server: Table<T, string>, id: string): Promise<void> {
  const view = await views.get(id);
  if (view) await server.put(view);
}

/** Rebuilds the views that the given outbox entries touched, whatever kind of record each is. */
export async function rebuildViewsOf(db: DaibanDb, entries: OutboxEntry[]): Promise<void> {
  const of = (kind: RecordKind) => new Set(entries.filter((e) => kindOf(e.mutation.type) === kind).map((e) => e.entityId));
  await rebuildCaseViews(db, of('case'));
  await rebuildApplicantViews(db, of('applicant'));
  await rebuildVisitViews(db, of('visit'));
  await rebuildHandoverViews(db, of('handover'));
}

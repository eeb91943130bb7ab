import {
  type Applicant,
  type Case,
  chinaDate,
  type Department,
  type Handover,
  type Mutation,
  OPEN_STATUSES,
  type OriginalsHolder,
  parseHlc,
  type ServiceItem,
  type Session,
  type VillageAgent,
  type Visit,
} from '@daiban/schemas';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { findApplicants } from './applicant-search.ts';
import { waitingPhotos } from './blob-outbox.ts';
import { type CaseFilter, type CaseListing, listCases } from './case-search.ts';
import { db, type Refusal, type SignedIn } from './db.ts';
import { holderOf, type OriginalsReceipt, originalsLate, originalsOf, receiptOf } from './handovers.ts';
import { type LockInfo, readLock } from './lock.ts';
import { getMeta } from './meta.ts';
import { recordsOf } from './record-index.ts';
import { syncLoop } from './services.ts';
import { hasTownship, type TownshipSession } from './session.ts';
import { readStorageState, type StorageState } from './storage.ts';
import { loadVaultState, openPhoto } from './vault.ts';
import { visitCaseChoices, visitsOfCase } from './visits.ts';

/** Live read hooks: the only way the UI reads the database. `undefined` means still loading. */

export function useSession(): Session | null | undefined {
  return useLiveQuery(async () => (await getMeta(db, 'session')) ?? null);
}

/**
 * The session of a township's screens (the agent's tablet, the township centre): null when nobody
 * is signed in, and for a county administrator, who never reaches those screens.
 */
export function useTownshipSession(): TownshipSession | null | undefined {
  const session = useSession();
  return session && (hasTownship(session) ? session : null);
}

/** Who the device belongs to, readable while it is locked; null when nobody is signed in. */
export function useSignedIn(): SignedIn | null | undefined {
  return useLiveQuery(async () => (await getMeta(db, 'signedIn')) ?? null);
}

/** Whether the tablet's sealed records can be read now; undefined until that is known. */
export function useVaultOpen(): boolean | undefined {
  useEffect(() => {
    if (!db.vault.loaded) void loadVaultState(db);
  }, []);
  return useSyncExternalStore(
    (listener) => db.vault.subscribe(listener),
    () => (db.vault.loaded ? db.vault.isOpen : undefined),
  );
}

export interface CaseRow {
  case: Case;
  applicantName: string;
  itemName: string;
  pendingSync: boolean;
}

/**
 * How many cases match the filter, and their ids in the list's order. The querier is an async function,
 * as every querier that awaits more than one read must be: only then does Dexie keep the live query's
 * context across the awaits, and watch the reads after the first.
 */
export function useCaseListing(filter: CaseFilter): CaseListing | undefined {
  return useLiveQuery(async () => listCases(db, filter), [JSON.stringify(filter)]);
}

/** The rows for the given ids (the visible window of the list). */
export function useCaseRows(ids: string[]): Map<string, CaseRow> | undefined {
  return useLiveQuery(async () => {
    const cases = (await db.cases.bulkGet(ids)).filter((c): c is Case => c !== undefined);
    const [applicants, items, pending] = await Promise.all([
      db.applicants.bulkGet(cases.map((c) => c.applicantId)),
      db.serviceItems.bulkGet(cases.map((c) => [c.serviceItemCode, c.serviceItemVersion] as [string, number])),
      db.outbox.where('entityId').anyOf(ids).toArray(),
    ]);
    const pendingIds = new Set(pending.map((e) => e.entityId));
    return new Map(
      cases.map((c, i) => [
        c.id,
        {
          case: c,
          applicantName: applicants[i]?.name ?? '',
          itemName: items[i]?.name ?? c.serviceItemCode,
          pendingSync: pendingIds.has(c.id),
        },
      ]),
    );
  }, [ids.join()]);
}

export interface CaseView {
  case: Case;
  applicant: Applicant | undefined;
  item: ServiceItem | undefined;
  pendingSync: boolean;
  refusals: Refusal[];
}

export function useCaseView(id: string): CaseView | null | undefined {
  return useLiveQuery(async () => {
    const c = await db.cases.get(id);
    if (!c) return null;
    const [applicant, item, pending, refusals] = await Promise.all([
      db.applicants.get(c.applicantId),
      db.serviceItems.get([c.serviceItemCode, c.serviceItemVersion]),
      db.outbox.where('entityId').equals(id).count(),
      db.refusals.where('entityId').equals(id).toArray(),
    ]);
    return { case: c, applicant, item, pendingSync: pending > 0, refusals };
  }, [id]);
}

/** Finds villagers by name prefix, the last four characters of the ID number, or phone prefix. */
export function useApplicantSearch(term: string): Applicant[] | undefined {
  return useLiveQuery(async () => findApplicants(db, term), [term]);
}

export function useApplicant(id: string | undefined): Applicant | undefined {
  return useLiveQuery(() => (id ? db.applicants.get(id) : undefined), [id]);
}

/** The newest version of every catalog item still in use (not retired), filtered by words in its name or guidance, and by department. */
export function useCatalog(filter = '', department?: Department): ServiceItem[] | undefined {
  return useLiveQuery(async () => {
    const latest = new Map<string, ServiceItem>();
    await db.serviceItems.each((item) => {
      const seen = latest.get(item.code);
      if (!seen || seen.version < item.version) latest.set(item.code, item);
    });
    const q = filter.trim();
    const matches = (i: ServiceItem) =>
      !q || i.name.includes(q) || i.code === q.toUpperCase() || (i.keywords ?? []).some((k) => k.includes(q) || q.includes(k));
    return [...latest.values()]
      .filter((i) => !i.retired && matches(i) && (!department || i.department === department))
      .sort((a, b) => Number(b.name.includes(q)) - Number(a.name.includes(q)) || a.code.localeCompare(b.code));
  }, [filter, department]);
}

/** One version of a catalog item (a case's guide), or the newest when no version is given. */
export function useServiceItem(code: string, version?: number): ServiceItem | null | undefined {
  return useLiveQuery(
    async () =>
      (version === undefined
        ? (await db.serviceItems.where('code').equals(code).sortBy('version')).at(-1)
        : await db.serviceItems.get([code, version])) ?? null,
    [code, version],
  );
}

/** Home visits from a day on (planned first, by date), with the applicant's name. */
export function useVisits(fromDate: string): { visit: Visit; applicantName: string }[] | undefined {
  return useLiveQuery(async () => {
    const visits = await db.visits.where('plannedFor').aboveOrEqual(fromDate).sortBy('plannedFor');
    const applicants = await db.applicants.bulkGet(visits.map((v) => v.applicantId));
    return visits.map((visit, i) => ({ visit, applicantName: applicants[i]?.name ?? '' }));
  }, [fromDate]);
}

export function useVisit(id: string): Visit | null | undefined {
  return useLiveQuery(async () => (await db.visits.get(id)) ?? null, [id]);
}

/** The cases a visit's record may name, and the one opened on the visit (see visitCaseChoices). */
export function useVisitCaseChoices(visit: Visit | null | undefined) {
  return useLiveQuery(async () => {
    const session = await getMeta(db, 'session');
    return visit && session ? visitCaseChoices(db, visit, session.account.id) : undefined;
  }, [visit]);
}

/** The home visits recorded for a case. */
export function useVisitsOfCase(c: Case): Visit[] | undefined {
  return useLiveQuery(() => visitsOfCase(db, c), [c.id, c.applicantId]);
}

/** Handover slips, newest first. */
export function useHandovers(): Handover[] | undefined {
  return useLiveQuery(() => db.handovers.orderBy('createdAt').reverse().toArray());
}

export function useHandover(id: string): Handover | null | undefined {
  return useLiveQuery(async () => (await db.handovers.get(id)) ?? null, [id]);
}

export interface Custody {
  holder: OriginalsHolder;
  originals: { key: string; name: string }[];
  late: boolean;
  /** The township's confirmation of the originals, once it confirmed the slip. */
  receipt: OriginalsReceipt | undefined;
}

/** Who holds a case's paper originals, which they are, and whether they are late for the township. */
export function useCustody(c: Case | undefined): Custody | undefined {
  return useLiveQuery(async () => {
    if (!c) return undefined;
    const slips = await db.handovers.where('caseIds').equals(c.id).toArray();
    const originals = originalsOf(c, await db.serviceItems.get([c.serviceItemCode, c.serviceItemVersion]));
    const holder = holderOf(c, slips);
    return { holder, originals, late: originalsLate(c, holder, originals.length > 0), receipt: receiptOf(c.id, slips) };
  }, [c]);
}

/** Received cases whose originals are still in the village room: what a new handover slip can carry. */
export function useHandoverCandidates(): { case: Case; originals: { key: string; name: string }[]; late: boolean }[] | undefined {
  return useLiveQuery(async () => {
    const onSlips = new Set((await db.handovers.toArray()).flatMap((h) => h.caseIds));
    const inVillage = new Set<Case['status']>(['received', 'submitted', 'accepted', 'returned']);
    const ids = (await recordsOf(db, 'cases'))
      .newestFirst()
      .flatMap((c) => (inVillage.has(c.status) && !onSlips.has(c.id) ? c.id : []));
    const cases = (await db.cases.bulkGet(ids)).filter((c) => c !== undefined);
    const out = [];
    for (const c of cases) {
      const originals = originalsOf(c, await db.serviceItems.get([c.serviceItemCode, c.serviceItemVersion]));
      if (originals.length > 0) out.push({ case: c, originals, late: originalsLate(c, 'village', true) });
    }
    return out.sort((a, b) => ((a.case.receivedAt ?? '') < (b.case.receivedAt ?? '') ? -1 : 1));
  });
}

/** Today's duty (值班) in the village, with the agent's name and post. */
export function useDutyToday(villageId: string | undefined): VillageAgent | null | undefined {
  return useLiveQuery(async () => {
    if (!villageId) return null;
    const duty = await db.duty.get([villageId, chinaDate(new Date())]);
    return (duty && (await db.agents.get(duty.accountId))) ?? null;
  }, [villageId]);
}

/** The village's agents, with how many open cases each is handling. */
export function useColleagues(): { agent: VillageAgent; openCases: number }[] | undefined {
  return useLiveQuery(async () => {
    const agents = await db.agents.toArray();
    const open = (await recordsOf(db, 'cases')).newestFirst().filter((c) => OPEN_STATUSES.includes(c.status));
    return agents.map((agent) => ({ agent, openCases: open.filter((c) => (c.handlerId ?? c.agentId) === agent.id).length }));
  });
}

export function useAgent(id: string | undefined): VillageAgent | undefined {
  return useLiveQuery(() => (id ? db.agents.get(id) : undefined), [id]);
}

/** A case's own changes still waiting to sync, oldest first (the end of its timeline). */
export function usePendingChanges(
  caseId: string,
): { seq: number; type: Mutation['type']; at: string; materialKey?: string }[] | undefined {
  return useLiveQuery(
    async () =>
      (await db.outbox.where('entityId').equals(caseId).sortBy('seq')).map(({ seq, mutation }) => ({
        seq,
        type: mutation.type,
        at: new Date(parseHlc(mutation.hlc).wallMs).toISOString(),
        ...(mutation.type === 'case.setMaterial' ? { materialKey: mutation.payload.key } : {}),
      })),
    [caseId],
  );
}

/** The applicant's name of each case, by case id (a slip's rows name whose originals they are). */
export function useApplicantNames(caseIds: readonly string[]): Map<string, string> | undefined {
  return useLiveQuery(async () => {
    const cases = (await db.cases.bulkGet([...caseIds])).filter((c) => c !== undefined);
    const applicants = await db.applicants.bulkGet(cases.map((c) => c.applicantId));
    return new Map(cases.map((c, i) => [c.id, applicants[i]?.name ?? '']));
  }, [caseIds.join(',')]);
}

/** Refused changes waiting for the agent, in the order they were made. */
export function useRefusals(): Refusal[] | undefined {
  return useLiveQuery(async () => (await db.refusals.toArray()).sort((a, b) => a.mutation.deviceSeq - b.mutation.deviceSeq));
}

export interface SyncInfo {
  status: ReturnType<typeof syncLoop.getStatus>;
  pending: number;
  pendingPhotos: number;
  attention: number;
  lastSyncAt: string | undefined;
}

export function useSyncInfo(): SyncInfo {
  const status = useSyncExternalStore(syncLoop.subscribe, syncLoop.getStatus);
  const counts = useLiveQuery(async () => ({
    pending: await db.outbox.count(),
    pendingPhotos: await db.blobOutbox.count(),
    attention: await db.refusals.count(),
    lastSyncAt: await getMeta(db, 'lastSyncAt'),
  }));
  return {
    status,
    pending: counts?.pending ?? 0,
    pendingPhotos: counts?.pendingPhotos ?? 0,
    attention: counts?.attention ?? 0,
    lastSyncAt: counts?.lastSyncAt,
  };
}

/** Whether a PIN is set, and the wrong PINs typed since the last right one. */
export function useLockInfo(): LockInfo | undefined {
  return useLiveQuery(() => readLock(db));
}

export interface DeviceStorage extends StorageState {
  pendingPhotos: { count: number; bytes: number };
}

/**
 * The browser's storage for the app and the photos waiting to upload, read again whenever those
 * photos change or `readAgain` does (after asking for persistence, say).
 */
export function useDeviceStorage(readAgain = 0): DeviceStorage | undefined {
  return useLiveQuery(async () => {
    const waiting = await waitingPhotos(db);
    const pendingPhotos = { count: waiting.length, bytes: waiting.reduce((sum, b) => sum + b.size, 0) };
    // Last, after the Dexie reads the live query watches: the browser's own storage estimate.
    return { pendingPhotos, ...(await readStorageState()) };
  }, [readAgain]);
}

/** An object URL for a stored photo, revoked when the component goes away. */
export function useBlobUrl(sha256: string): string | undefined {
  const stored = useLiveQuery(async () => {
    const found = await db.blobs.get(sha256);
    // Unsealed last, after the Dexie read the live query watches.
    return found && openPhoto(db, found);
  }, [sha256]);
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!stored) return;
    const next = URL.createObjectURL(stored);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [stored]);
  return url;
}

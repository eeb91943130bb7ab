import type {
  Case,
  CaseDetail,
  CaseListPage,
  Conflict,
  DeviceHealth,
  Followup,
  LedgerCheck,
  ReturnRequest,
  Village,
} from '@daiban/schemas';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../sync/api-client.ts';
import { uploadServerFile } from './server-files.ts';
import { api } from './services.ts';

/**
 * Reads a value from the server (the township and the county work online) and reloads it after each
 * action: `after(action)` waits for the action, reads the value again and answers the action's result.
 */
export function useServerValue<T>(load: () => Promise<T>) {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(async () => {
    try {
      setValue(await load());
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const after = useCallback(
    async <R>(action: Promise<R>): Promise<R> => {
      const result = await action;
      await reload();
      return result;
    },
    [reload],
  );
  return { value, error, reload, after };
}

/** What went wrong, in words, for the page's error line. */
export const messageOf = (error: unknown): string | undefined =>
  error === undefined ? undefined : error instanceof Error ? error.message : String(error);

/** Reads a list from the server and reloads it after each action. */
export function useServerList<T>(load: () => Promise<T[]>) {
  const { value: items, error, reload } = useServerValue(load);
  return { items, error: messageOf(error), reload };
}

const loadDevices = async (): Promise<DeviceHealth[]> => (await api.listDevices()).devices;
const loadFollowups = async (): Promise<Followup[]> => (await api.listFollowups()).followups;
const loadConflicts = async (): Promise<Conflict[]> => (await api.listConflicts()).conflicts;

/** A township queue: submitted cases waiting for acceptance, or accepted ones being handled; all villages or one. */
export interface QueueQuery {
  status: 'submitted' | 'accepted';
  villageId?: string;
}

/**
 * The first page of a queue, or, given the pages `shown` so far, those with the next page after
 * them (a case already shown is not listed twice). The server pages by submission (keyset), so
 * cases submitted meanwhile come at the end and none is skipped.
 */
export async function readQueuePage(query: QueueQuery, shown?: CaseListPage, client: ApiClient = api): Promise<CaseListPage> {
  if (!shown) return client.listCases(query);
  if (shown.next === null) return shown;
  const page = await client.listCases({ ...query, after: shown.next });
  const ids = new Set(shown.cases.map((c) => c.id));
  return { cases: [...shown.cases, ...page.cases.filter((c) => !ids.has(c.id))], next: page.next };
}

/** A queue's first page, and 加载更多 (`loadMore`) while there is a next page; a new query starts over. */
export function useReviewQueue(status: QueueQuery['status'], villageId?: string) {
  const [queue, setQueue] = useState<CaseListPage>();
  const [error, setError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  // The query the shown pages belong to: a page arriving after the query changed is dropped.
  const current = useRef('');
  const key = `${status}\n${villageId ?? ''}`;
  useEffect(() => {
    current.current = key;
    setQueue(undefined);
    setError(undefined);
    readQueuePage({ status, villageId }).then(
      (page) => current.current === key && setQueue(page),
      (e: unknown) => current.current === key && setError(messageOf(e)),
    );
  }, [key, status, villageId]);
  const loadMore = useCallback(async () => {
    if (!queue) return;
    setLoadingMore(true);
    try {
      const more = await readQueuePage({ status, villageId }, queue);
      if (current.current === key) setQueue(more);
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoadingMore(false);
    }
  }, [queue, key, status, villageId]);
  return { cases: queue?.cases, hasMore: Boolean(queue?.next), loadMore, loadingMore, error };
}

const loadVillages = async (): Promise<Village[]> => (await api.listVillages()).villages;

/** The township's villages (the queues' village filter), by code. */
export function useTownshipVillages(): Village[] | undefined {
  return useServerList(loadVillages).items;
}

/**
 * One case in full (materials, applicant, ledger events) with the township's decisions on it:
 * accept (受理), return for correction (退回补正), complete (办结), reject (不予受理/不予办理).
 * After each decision the case is read again, so the page shows what the ledger now holds.
 */
export function useCaseReview(id: string) {
  const [detail, setDetail] = useState<CaseDetail>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setDetail(await api.getCase(id));
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const decide = async (decision: Promise<{ case: Case }>): Promise<Case> => {
    const decided = (await decision).case;
    await reload();
    return decided;
  };
  return {
    detail,
    error,
    /** `missingAcknowledged`: the supervisor saw the required materials still missing (容缺受理). */
    accept: (missingAcknowledged = false) => decide(api.acceptCase(id, missingAcknowledged)),
    returnForCorrection: (request: ReturnRequest) => decide(api.returnCase(id, request)),
    /** 办结 with the documents issued: each file is checked, uploaded (resumable), then named in the decision. */
    complete: async (result: string, files: readonly File[] = []) => {
      const attachments = await Promise.all(files.map(uploadServerFile));
      return decide(api.completeCase(id, result, attachments));
    },
    reject: (reason: string) => decide(api.rejectCase(id, reason)),
  };
}

/** Devices of the township, worrying ones (silent, stuck, reset) first, and revoking one. */
export function useDeviceHealth() {
  const { items: devices, error, reload } = useServerList(loadDevices);
  const revoke = useCallback(
    async (id: string) => {
      await api.revokeDevice(id);
      await reload();
    },
    [reload],
  );
  return { devices, error, revoke };
}

/** Walks the ledger's hash chain on the server (the supervisor's "verify" action). */
export function verifyLedger(): Promise<LedgerCheck> {
  return api.verifyLedger();
}

/** Follow-ups (回访) of bad ratings, and closing one with what was fixed. */
export function useFollowups() {
  const { items: followups, reload } = useServerList(loadFollowups);
  const close = useCallback(
    async (id: string, resolution: string) => {
      await api.closeFollowup(id, resolution);
      await reload();
    },
    [reload],
  );
  return { followups, close };
}

/** Conflict records from sync, with restoring the losing value. */
export function useConflicts() {
  const { items: conflicts, error, reload } = useServerList(loadConflicts);
  const restore = useCallback(
    async (id: string) => {
      await api.restoreConflict(id);
      await reload();
    },
    [reload],
  );
  return { conflicts, error, restore };
}

import type { CaseDetail, CaseSummary, Conflict, DeviceHealth, Followup, LedgerCheck, ReturnRequest } from '@daiban/schemas';
import { useCallback, useEffect, useState } from 'react';
import { api } from './services.ts';

/** Reads a list from the server (the supervisor works online) and reloads it after each action. */
export function useServerList<T>(load: () => Promise<T[]>) {
  const [items, setItems] = useState<T[]>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setItems(await load());
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, error, reload };
}

const loadDevices = async (): Promise<DeviceHealth[]> => (await api.listDevices()).devices;
const loadFollowups = async (): Promise<Followup[]> => (await api.listFollowups()).followups;
const loadConflicts = async (): Promise<Conflict[]> => (await api.listConflicts()).conflicts;

/**
 * A township queue (submitted cases waiting for acceptance, or accepted ones being handled),
 * with the decisions on it: accept (受理), return for correction (退回补正), complete (办结).
 */
export function useReviewQueue(status: 'submitted' | 'accepted', refreshKey = 0) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey reloads the queue after a decision made in another one.
  const load = useCallback(async (): Promise<CaseSummary[]> => (await api.listCases(status)).cases, [status, refreshKey]);
  const { items: cases, error, reload } = useServerList(load);
  const decide = useCallback(
    async <T>(decision: Promise<T>) => {
      const result = await decision;
      await reload();
      return result;
    },
    [reload],
  );
  return {
    cases,
    error,
    accept: (id: string) => decide(api.acceptCase(id)).then((r) => r.case),
    returnForCorrection: (id: string, request: ReturnRequest) => decide(api.returnCase(id, request)).then(() => undefined),
    complete: (id: string, result: string) => decide(api.completeCase(id, result)).then(() => undefined),
  };
}

/** One case in full (materials included), for the return-for-correction form. */
export function useCaseDetail(id: string) {
  const [detail, setDetail] = useState<CaseDetail>();
  useEffect(() => {
    api.getCase(id).then(setDetail, () => setDetail(undefined));
  }, [id]);
  return detail;
}

/** Devices of the township, worrying ones (silent, stuck, reset) first. */
export function useDeviceHealth() {
  const { items: devices, error } = useServerList(loadDevices);
  return { devices, error };
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

import type { CaseDetail, CaseSummary, Conflict, DeviceHealth, ReturnRequest } from '@daiban/schemas';
import { useCallback, useEffect, useState } from 'react';
import { api } from './services.ts';

/** Reads a list from the server (the supervisor works online) and reloads it after each action. */
function useServerList<T>(load: () => Promise<T[]>) {
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

const loadQueue = async (): Promise<CaseSummary[]> => (await api.listCases('submitted')).cases;
const loadDevices = async (): Promise<DeviceHealth[]> => (await api.listDevices()).devices;
const loadConflicts = async (): Promise<Conflict[]> => (await api.listConflicts()).conflicts;

/** The township review queue, with the accept (受理) decision. */
export function useReviewQueue() {
  const { items: cases, error, reload } = useServerList(loadQueue);
  const accept = useCallback(
    async (id: string) => {
      const { case: accepted } = await api.acceptCase(id);
      await reload();
      return accepted;
    },
    [reload],
  );
  const returnForCorrection = useCallback(
    async (id: string, request: ReturnRequest) => {
      await api.returnCase(id, request);
      await reload();
    },
    [reload],
  );
  return { cases, error, accept, returnForCorrection };
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

import type { DrawSpotCheckRequest, RecordSpotCheckRequest, SpotCheck, SpotCheckSummary } from '@daiban/schemas';
import { useCallback, useEffect, useState } from 'react';
import { useServerList } from './review.ts';
import { api } from './services.ts';

const loadSpotChecks = async (): Promise<SpotCheckSummary[]> => (await api.listSpotChecks()).spotChecks;

/** The township's spot checks (抽查), newest first, and drawing a new one. */
export function useSpotChecks() {
  const { items: spotChecks, error, reload } = useServerList(loadSpotChecks);
  const draw = useCallback(
    async (request: Omit<DrawSpotCheckRequest, 'id'>): Promise<SpotCheck> => {
      // One id per draw: the server answers a repeat of the same request with the first draw.
      const { spotCheck } = await api.drawSpotCheck({ id: crypto.randomUUID(), ...request });
      await reload();
      return spotCheck;
    },
    [reload],
  );
  return { spotChecks, error, draw, reload };
}

/** One spot check with its drawn cases, and recording the check of a case. */
export function useSpotCheck(id: string | undefined) {
  const [spotCheck, setSpotCheck] = useState<SpotCheck>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setSpotCheck(undefined);
    if (!id) return;
    api.getSpotCheck(id).then(
      (r) => setSpotCheck(r.spotCheck),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [id]);
  const record = useCallback(
    async (caseId: string, check: RecordSpotCheckRequest) => {
      if (!id) return;
      setSpotCheck((await api.recordSpotCheck(id, caseId, check)).spotCheck);
    },
    [id],
  );
  return { spotCheck, error, record };
}

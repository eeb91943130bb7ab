import type { CaseSummary } from '@daiban/schemas';
import { useCallback, useEffect, useState } from 'react';
import { api } from './services.ts';

/** The township review queue, read live from the server (the supervisor works online). */
export function useReviewQueue() {
  const [cases, setCases] = useState<CaseSummary[]>();
  const [error, setError] = useState<string>();

  const reload = useCallback(async () => {
    try {
      setCases((await api.listCases('submitted')).cases);
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const accept = useCallback(
    async (id: string) => {
      const { case: accepted } = await api.acceptCase(id);
      await reload();
      return accepted;
    },
    [reload],
  );

  return { cases, error, reload, accept };
}

import type { ConfirmHandoverRequest, HandoverDetail, HandoverSummary } from '@daiban/schemas';
import { useCallback, useEffect, useState } from 'react';
import { useServerList } from './review.ts';
import { api } from './services.ts';

/** 交接确认: the township's handover slips (the supervisor works online), pending ones first. */

const loadSlips = async (): Promise<HandoverSummary[]> => (await api.listHandovers()).handovers;

export function useSlips() {
  const { items: slips, error, reload } = useServerList(loadSlips);
  return { slips, error, reload };
}

/** One slip in full, and confirming it: afterwards `detail` shows what was confirmed. */
export function useSlip(id: string | undefined) {
  const [detail, setDetail] = useState<HandoverDetail>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setDetail(undefined);
    setError(undefined);
    if (id) api.getHandover(id).then(setDetail, setError);
  }, [id]);
  /** Safe to repeat: the server answers an identical confirmation with the stored one. */
  const confirm = useCallback(
    async (request: ConfirmHandoverRequest) => {
      if (!id) return;
      const { handover } = await api.confirmHandover(id, request);
      setDetail((d) => d && { ...d, handover });
    },
    [id],
  );
  return { detail, error, confirm };
}

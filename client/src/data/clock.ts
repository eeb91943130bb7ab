import { chinaDate } from '@daiban/schemas';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from './db.ts';
import { getMeta } from './meta.ts';

/**
 * Beyond this difference from the township server the tablet's own clock counts as wrong: the
 * agent is told, and the township's device list shows it. Dates written into records never use
 * the tablet's own clock (see serverNow), so this is about the agent setting the clock right.
 */
export const CLOCK_SKEW_WARN_MS = 5 * 60_000;

export interface ClockInfo {
  /** Server time minus this tablet's clock as last learned; undefined before the first contact. */
  offsetMs: number | undefined;
  /** The tablet's clock is off by more than CLOCK_SKEW_WARN_MS. */
  wrong: boolean;
}

export function useClockInfo(): ClockInfo | undefined {
  return useLiveQuery(async () => {
    const offsetMs = await getMeta(db, 'clockOffsetMs');
    return { offsetMs, wrong: offsetMs !== undefined && Math.abs(offsetMs) > CLOCK_SKEW_WARN_MS };
  });
}

/** Today in China by the server-corrected clock: what deadlines count from, whatever the tablet's clock says. */
export function useToday(): string {
  const offsetMs = useClockInfo()?.offsetMs ?? 0;
  return chinaDate(new Date(db.wallClock() + offsetMs));
}

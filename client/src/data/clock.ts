import { CLOCK_WRONG_AFTER_MS, chinaDate } from '@daiban/schemas';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from './db.ts';
import { getMeta } from './meta.ts';

export interface ClockInfo {
  /** Server time minus this tablet's clock as last learned; undefined before the first contact. */
  offsetMs: number | undefined;
  /** The tablet's clock is off by more than CLOCK_WRONG_AFTER_MS (the township's device list shows it too). */
  wrong: boolean;
}

export function useClockInfo(): ClockInfo | undefined {
  return useLiveQuery(async () => {
    const offsetMs = await getMeta(db, 'clockOffsetMs');
    // Dates written into records never use the tablet's own clock (serverNow): this is for the agent to set it right.
    return { offsetMs, wrong: offsetMs !== undefined && Math.abs(offsetMs) > CLOCK_WRONG_AFTER_MS };
  });
}

/** Today in China by the server-corrected clock: what deadlines count from, whatever the tablet's clock says. */
export function useToday(): string {
  const offsetMs = useClockInfo()?.offsetMs ?? 0;
  return chinaDate(new Date(db.wallClock() + offsetMs));
}

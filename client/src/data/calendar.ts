import { toWorkCalendar, type WorkCalendar } from '@daiban/schemas';
import { useLiveQuery } from 'dexie-react-hooks';
import { type DaibanDb, db } from './db.ts';

const NO_CALENDAR = toWorkCalendar([]);

/** The township's holiday calendar as last pulled: what the tablet counts working days with, offline. */
export async function storedWorkCalendar(database: DaibanDb): Promise<WorkCalendar> {
  return toWorkCalendar(await database.calendar.toArray());
}

/** The pulled holiday calendar, for countdowns; weekends only until the first pull. */
export function useWorkCalendar(): WorkCalendar {
  return useLiveQuery(() => storedWorkCalendar(db)) ?? NO_CALENDAR;
}

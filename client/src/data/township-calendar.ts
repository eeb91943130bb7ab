import { type CalendarEntry, toWorkCalendar, type WorkCalendar } from '@daiban/schemas';
import { useCallback, useMemo } from 'react';
import { useServerList } from './review.ts';
import { api } from './services.ts';

const loadAll = async (): Promise<CalendarEntry[]> => (await api.getCalendar()).entries;

/** One year of the township's holiday calendar, with adding and removing entries (the township centre works online). */
export function useTownshipCalendar(year: number) {
  const load = useCallback(async () => (await api.getCalendar(year)).entries, [year]);
  const { items: entries, error, reload } = useServerList(load);
  return {
    entries,
    error,
    add: async (entry: CalendarEntry) => {
      await api.addCalendarEntry(entry);
      await reload();
    },
    remove: async (date: string) => {
      await api.removeCalendarEntry(date);
      await reload();
    },
  };
}

/** The township's calendar for the township centre's countdowns; weekends only until it has loaded. */
export function useTownshipWorkCalendar(): WorkCalendar {
  const { items } = useServerList(loadAll);
  return useMemo(() => toWorkCalendar(items ?? []), [items]);
}

import { type CalendarEntry, toWorkCalendar, type WorkCalendar } from '@daiban/schemas';
import { useCallback, useEffect, useMemo } from 'react';
import { useLocation } from 'wouter';
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

const loadMissingYears = async (): Promise<number[]> => (await api.getCalendar()).missingYears;

/**
 * Which of the current and the next year have no calendar entries, asked again on every change
 * of page so the warning goes once the year is entered.
 */
export function useMissingCalendarYears(): number[] {
  const { items, reload } = useServerList(loadMissingYears);
  const [location] = useLocation();
  useEffect(() => {
    if (location) void reload();
  }, [location, reload]);
  return items ?? [];
}

import { z } from 'zod';
import type { WorkCalendar } from './working-days.ts';

/**
 * One dated entry of a township's holiday calendar: a `holiday` (法定节假日) is a weekday that
 * is not worked, a `workday` (调休上班) is a weekend day that is. Weekend days of a holiday
 * period are not entries: they are off anyway.
 */
export const calendarEntrySchema = z.object({
  date: z.iso.date(),
  kind: z.enum(['holiday', 'workday']),
  /** The festival it belongs to, e.g. 春节. */
  name: z.string().trim().min(1, '请填写节日名称').max(40),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;
export type CalendarEntryKind = CalendarEntry['kind'];

/**
 * A township's calendar entries (of one year when asked), and which of the current and the next
 * year have none: their deadlines are counted with the fixed-date holidays only, so the township
 * centre is warned to enter them.
 */
export const calendarListSchema = z.object({
  entries: z.array(calendarEntrySchema),
  missingYears: z.array(z.number().int()),
});

export const calendarQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/** Replacing a whole year at once (the State Council publishes each year's arrangement in one notice). */
export const replaceCalendarYearSchema = z.object({ entries: z.array(calendarEntrySchema).max(366) });

/** Why an entry cannot stand, or undefined: a holiday must fall on a weekday and a 调休 workday on a weekend. */
export function calendarEntryProblem(entry: CalendarEntry): string | undefined {
  const weekday = new Date(`${entry.date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  if (entry.kind === 'holiday' && weekend)
    return `${entry.date} 是周末，本来就不上班，无需登记为节假日 (a holiday must fall on a weekday)`;
  if (entry.kind === 'workday' && !weekend)
    return `${entry.date} 是工作日，不能登记为调休上班日 (an adjusted working day must fall on a weekend)`;
  return undefined;
}

/** The calendar the working-day functions take, from a township's entries. */
export function toWorkCalendar(entries: readonly CalendarEntry[]): WorkCalendar {
  return {
    holidays: new Set(entries.filter((e) => e.kind === 'holiday').map((e) => e.date)),
    workdays: new Set(entries.filter((e) => e.kind === 'workday').map((e) => e.date)),
    years: new Set(entries.map((e) => e.date.slice(0, 4))),
  };
}

/** Which of the year of `today` (YYYY-MM-DD) and the next one have no entries. */
export function yearsWithoutEntries(entries: readonly CalendarEntry[], today: string): number[] {
  const year = Number(today.slice(0, 4));
  const entered = toWorkCalendar(entries).years;
  return [year, year + 1].filter((y) => !entered.has(String(y)));
}

/** Holidays, and adjusted working weekends (调休). Dates are YYYY-MM-DD. */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  /** The years (YYYY) that have entries; any other year is counted with FIXED_HOLIDAYS. */
  years: ReadonlySet<string>;
}

/**
 * The statutory holidays that fall on the same date every year (元旦, 劳动节, 国庆节 1–3 October),
 * as MM-DD. A year the township has not entered yet (the State Council publishes each year's
 * arrangement late in the year before) keeps these off, so no deadline lands on 1 January; the
 * lunar festivals and the 调休 days of that year count only once the year is entered.
 */
export const FIXED_HOLIDAYS: readonly string[] = ['01-01', '05-01', '10-01', '10-02', '10-03'];

const NO_ENTRIES: WorkCalendar = { holidays: new Set(), workdays: new Set(), years: new Set() };

function isWorkingDay(date: Date, calendar: WorkCalendar): boolean {
  const iso = date.toISOString().slice(0, 10);
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
  if (!calendar.years.has(iso.slice(0, 4))) return !weekend && !FIXED_HOLIDAYS.includes(iso.slice(5));
  return calendar.workdays.has(iso) || (!weekend && !calendar.holidays.has(iso));
}

/**
 * Adds working days to a date: weekends and the given holidays are skipped, and dates in
 * `workdays` (调休, adjusted working weekends) count even on a weekend. Dates are YYYY-MM-DD.
 */
export function addWorkingDays(start: string, days: number, calendar: WorkCalendar = NO_ENTRIES): string {
  const date = new Date(`${start}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isWorkingDay(date, calendar)) left--;
  }
  return date.toISOString().slice(0, 10);
}

/**
 * Working days from one date to a later one (the first excluded, the last included); negative
 * when `to` is before `from`. Used for countdowns and for stopping the clock during 补正.
 */
export function workingDaysBetween(from: string, to: string, calendar: WorkCalendar = NO_ENTRIES): number {
  const [a, b, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  const date = new Date(`${a}T00:00:00Z`);
  let days = 0;
  while (date.toISOString().slice(0, 10) < b) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isWorkingDay(date, calendar)) days++;
  }
  return sign * days;
}

/** The calendar date in China (UTC+8) of an instant: the ledger's idea of "today". */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Date and minute in China (UTC+8) of an instant, as printed on papers: `2026-12-05 17:30`. */
export function chinaDateTime(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Where a due date stands today: past it, due within two working days, or later. */
export function deadlineState(dueDate: string, today: string, calendar: WorkCalendar = NO_ENTRIES): 'overdue' | 'soon' | 'later' {
  const left = workingDaysBetween(today, dueDate, calendar);
  return left < 0 ? 'overdue' : left <= 2 ? 'soon' : 'later';
}

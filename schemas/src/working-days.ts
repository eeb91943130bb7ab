/**
 * Adds working days to a date: weekends and the given holidays are skipped, and dates in
 * `workdays` (调休, adjusted working weekends) count even on a weekend. Dates are YYYY-MM-DD.
 */
export function addWorkingDays(
  start: string,
  days: number,
  calendar: { holidays: ReadonlySet<string>; workdays: ReadonlySet<string> } = { holidays: new Set(), workdays: new Set() },
): string {
  const date = new Date(`${start}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const iso = date.toISOString().slice(0, 10);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const working = calendar.workdays.has(iso) || (!weekend && !calendar.holidays.has(iso));
    if (working) left--;
  }
  return date.toISOString().slice(0, 10);
}

/** The calendar date in China (UTC+8) of an instant: the ledger's idea of "today". */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

import type { CalendarEntry } from '@daiban/schemas';

/**
 * The 2026 national holiday arrangement (国务院办公厅关于2026年部分节假日安排的通知), as we
 * remember it: ADMIN MUST CHECK every date against the official notice before relying on it,
 * and correct it on the 节假日 page. Only weekdays off and weekend days worked are entries;
 * the weekend days inside a holiday period are off anyway.
 */
export const holidays2026: CalendarEntry[] = [
  ...days('holiday', '元旦', ['2026-01-01', '2026-01-02']),
  ...days('workday', '元旦', ['2026-01-04']),
  ...days('workday', '春节', ['2026-02-14', '2026-02-28']),
  ...days('holiday', '春节', ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23']),
  ...days('holiday', '清明节', ['2026-04-06']),
  ...days('holiday', '劳动节', ['2026-05-01', '2026-05-04', '2026-05-05']),
  ...days('workday', '劳动节', ['2026-05-09']),
  ...days('holiday', '端午节', ['2026-06-19']),
  ...days('workday', '国庆节', ['2026-09-20']),
  ...days('holiday', '中秋节', ['2026-09-25']),
  ...days('holiday', '国庆节', ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
  ...days('workday', '国庆节', ['2026-10-10']),
];

function days(kind: CalendarEntry['kind'], name: string, dates: string[]): CalendarEntry[] {
  return dates.map((date) => ({ date, kind, name }));
}

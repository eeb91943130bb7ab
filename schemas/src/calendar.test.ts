import { describe, expect, it } from 'vitest';
import { type CalendarEntry, calendarEntryProblem, toWorkCalendar, yearsWithoutEntries } from './calendar.ts';
import { addWorkingDays, deadlineState, workingDaysBetween } from './working-days.ts';

/** 国庆 2026 as the township enters it: weekdays off, and the two 调休 weekend days worked. */
const national: CalendarEntry[] = [
  { date: '2026-09-20', kind: 'workday', name: '国庆节' },
  { date: '2026-09-25', kind: 'holiday', name: '中秋节' },
  ...['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({
    date,
    kind: 'holiday' as const,
    name: '国庆节',
  })),
  { date: '2026-10-10', kind: 'workday', name: '国庆节' },
];
const calendar = toWorkCalendar(national);

describe('working days with a holiday calendar and 调休', () => {
  it('counts 10 working days from the day before 国庆 past the holiday, including the 调休 Saturday', () => {
    // Accepted Wednesday Sep 30: Oct 1–7 off; Oct 8, 9, Saturday 10 (调休), 12–16, 19, 20.
    expect(addWorkingDays('2026-09-30', 10, calendar)).toBe('2026-10-20');
    // Without the calendar only 1 and 2 October (fixed-date 国庆) are off: the count ends four working days earlier.
    expect(addWorkingDays('2026-09-30', 10)).toBe('2026-10-16');
  });

  it('counts a 调休 Sunday and skips a holiday Friday in the weeks before', () => {
    // Friday Sep 18 + 1: Sunday Sep 20 is worked.
    expect(addWorkingDays('2026-09-18', 1, calendar)).toBe('2026-09-20');
    // Thursday Sep 24 + 1: Friday Sep 25 is 中秋, so Monday Sep 28.
    expect(addWorkingDays('2026-09-24', 1, calendar)).toBe('2026-09-28');
  });

  it('counts countdowns and deadline states across the holiday', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-09', calendar)).toBe(2);
    expect(workingDaysBetween('2026-10-09', '2026-09-30', calendar)).toBe(-2);
    // Due Oct 9, seen on Sep 30: two working days left (the week off does not count), so "soon".
    expect(deadlineState('2026-10-09', '2026-09-30', calendar)).toBe('soon');
    expect(deadlineState('2026-10-16', '2026-09-30')).toBe('later');
  });

  it('refuses a holiday on a weekend and a 调休 workday on a weekday', () => {
    expect(calendarEntryProblem({ date: '2026-10-03', kind: 'holiday', name: '国庆节' })).toMatch(/周末/);
    expect(calendarEntryProblem({ date: '2026-10-09', kind: 'workday', name: '国庆节' })).toMatch(/工作日/);
    expect(calendarEntryProblem({ date: '2026-10-01', kind: 'holiday', name: '国庆节' })).toBeUndefined();
    expect(calendarEntryProblem({ date: '2026-10-10', kind: 'workday', name: '国庆节' })).toBeUndefined();
  });
});

describe('a year without calendar entries', () => {
  it('counts the fixed-date statutory holidays (元旦, 劳动节, 国庆 1–3 October) as holidays', () => {
    // Thursday 31 December 2026 + 1: Friday 1 January 2027 is 元旦 even though 2027 has no entries.
    expect(addWorkingDays('2026-12-31', 1, calendar)).toBe('2027-01-04');
    expect(addWorkingDays('2027-04-30', 1, calendar)).toBe('2027-05-03');
    // Thursday 30 September 2027 + 1: Friday 1 October off, then the weekend; Monday 4 October is worked.
    expect(addWorkingDays('2027-09-30', 1, calendar)).toBe('2027-10-04');
    expect(workingDaysBetween('2026-12-31', '2027-01-04', calendar)).toBe(1);
    // With no calendar at all, every year is such a year.
    expect(addWorkingDays('2027-12-31', 1)).toBe('2028-01-03');
  });

  it('leaves a year with entries to its entries: a fixed date the township did not enter is worked', () => {
    const moved = toWorkCalendar([{ date: '2027-01-04', kind: 'holiday', name: '元旦' }]);
    expect(addWorkingDays('2026-12-31', 1, moved)).toBe('2027-01-01');
  });

  it('names which of the current and the next year have no entries', () => {
    expect(yearsWithoutEntries(national, '2026-11-20')).toEqual([2027]);
    expect(yearsWithoutEntries(national, '2025-12-31')).toEqual([2025]);
    expect(yearsWithoutEntries([...national, { date: '2027-01-01', kind: 'holiday', name: '元旦' }], '2026-11-20')).toEqual([]);
    expect(yearsWithoutEntries([], '2027-01-01')).toEqual([2027, 2028]);
  });
});

import { describe, expect, it } from 'vitest';
import { addWorkingDays, chinaDate, chinaDateTime, deadlineState, workingDaysBetween } from './working-days.ts';

describe('working days', () => {
  it('skips weekends', () => {
    // Friday 2026-11-20 + 1 working day is Monday 2026-11-23.
    expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-20', 5)).toBe('2026-11-27');
  });

  it('skips holidays and counts adjusted working weekends (调休)', () => {
    const calendar = {
      holidays: new Set(['2026-10-01', '2026-10-02']),
      workdays: new Set(['2026-10-10']),
      years: new Set(['2026']),
    };
    // Wednesday 2026-09-30 + 1: Oct 1 and 2 are holidays, 3–4 the weekend, so Monday Oct 5.
    expect(addWorkingDays('2026-09-30', 1, calendar)).toBe('2026-10-05');
    // Friday 2026-10-09 + 1: Saturday Oct 10 is an adjusted working day.
    expect(addWorkingDays('2026-10-09', 1, calendar)).toBe('2026-10-10');
  });

  it("takes today's date in China, not in UTC", () => {
    expect(chinaDate(new Date('2026-11-20T17:00:00Z'))).toBe('2026-11-21');
    expect(chinaDate(new Date('2026-11-20T15:00:00Z'))).toBe('2026-11-20');
    expect(chinaDateTime(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30');
  });

  it('counts working days between two dates, both ways', () => {
    expect(workingDaysBetween('2026-11-20', '2026-11-23')).toBe(1);
    expect(workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5);
    expect(workingDaysBetween('2026-11-27', '2026-11-20')).toBe(-5);
    expect(workingDaysBetween('2026-11-21', '2026-11-22')).toBe(0);
  });

  it('tells whether a due date is past, within two working days, or later', () => {
    expect(deadlineState('2026-11-19', '2026-11-20')).toBe('overdue');
    expect(deadlineState('2026-11-24', '2026-11-20')).toBe('soon');
    expect(deadlineState('2026-11-25', '2026-11-20')).toBe('later');
  });
});

import { describe, expect, it } from 'vitest';
import { chinaMonth, monthlyReportQuerySchema, previousMonth } from './report.ts';

describe('report months', () => {
  it('are China-time calendar months', () => {
    expect(chinaMonth(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
    expect(chinaMonth(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12');
  });

  it('step back across a year', () => {
    expect(previousMonth('2026-11')).toBe('2026-10');
    expect(previousMonth('2027-01')).toBe('2026-12');
  });

  it('are asked for as YYYY-MM', () => {
    expect(monthlyReportQuerySchema.safeParse({ month: '2026-11' }).success).toBe(true);
    for (const month of ['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', ''])
      expect(monthlyReportQuerySchema.safeParse({ month }).success, month).toBe(false);
  });
});

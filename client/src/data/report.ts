import { chinaMonth, type MonthlyReport, previousMonth } from '@daiban/schemas';
import { useEffect, useState } from 'react';
import { api } from './services.ts';

/** The latest month the report can show: the current one, counted to today. */
export function currentReportMonth(now = new Date()): string {
  return chinaMonth(now);
}

/**
 * The month the report page opens on: the last full month, because 一月一通报 is published
 * after a month closes and a half month's figures would mislead on paper.
 */
export function defaultReportMonth(now = new Date()): string {
  return previousMonth(chinaMonth(now));
}

/** The township's monthly report for a month, loaded from the server (the supervisor works online). */
export function useMonthlyReport(month: string) {
  const [state, setState] = useState<{ month: string; report?: MonthlyReport; error?: unknown }>({ month });
  useEffect(() => {
    let current = true;
    setState({ month });
    api.monthlyReport(month).then(
      (r) => current && setState({ month, report: r.report }),
      (error: unknown) => current && setState({ month, error }),
    );
    return () => {
      current = false;
    };
  }, [month]);
  return state.month === month ? state : { month };
}

/** The report as a file to save, with the name it is saved under. */
export async function reportFile(month: string, format: 'csv' | 'xlsx'): Promise<{ blob: Blob; name: string }> {
  const blob = format === 'csv' ? await api.reportCsv(month) : await api.reportXlsx(month);
  return { blob, name: `daiban-monthly-report-${month}.${format}` };
}

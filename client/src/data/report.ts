import { type CountyMonthlyReport, chinaMonth, type MonthlyReport, previousMonth } from '@daiban/schemas';
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

/** A month's report loaded from the server (the township centre and the county work online). */
function useReportOf<R>(month: string, load: (month: string) => Promise<R>) {
  const [state, setState] = useState<{ month: string; report?: R; error?: unknown }>({ month });
  useEffect(() => {
    let current = true;
    setState({ month });
    load(month).then(
      (report) => current && setState({ month, report }),
      (error: unknown) => current && setState({ month, error }),
    );
    return () => {
      current = false;
    };
  }, [month, load]);
  return state.month === month ? state : { month };
}

const townshipReport = async (month: string): Promise<MonthlyReport> => (await api.monthlyReport(month)).report;
const countyReport = async (month: string): Promise<CountyMonthlyReport> => (await api.countyMonthlyReport(month)).report;

/** The township's monthly report for a month, one row per village. */
export function useMonthlyReport(month: string) {
  return useReportOf(month, townshipReport);
}

/** The county's monthly report for a month, one row per township. */
export function useCountyReport(month: string) {
  return useReportOf(month, countyReport);
}

/** The township's (or the county's) report as a file to save, with the name it is saved under. */
export async function reportFile(
  month: string,
  format: 'csv' | 'xlsx',
  scope: 'township' | 'county' = 'township',
): Promise<{ blob: Blob; name: string }> {
  if (scope === 'county') {
    const blob = format === 'csv' ? await api.countyReportCsv(month) : await api.countyReportXlsx(month);
    return { blob, name: `daiban-county-report-${month}.${format}` };
  }
  const blob = format === 'csv' ? await api.reportCsv(month) : await api.reportXlsx(month);
  return { blob, name: `daiban-monthly-report-${month}.${format}` };
}

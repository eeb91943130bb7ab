import { type CountyMonthlyReport, type MonthlyReport, monthlyReportQuerySchema } from '@daiban/schemas';
import { type Context, Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { chainHead } from '../db/index.ts';
import { signHead } from '../ledger/head-signing.ts';
import { monthlyReportCsv, monthlyReportXlsx } from '../reports/monthly-export.ts';
import { monthlyReport } from '../reports/monthly-report.ts';
import { validate } from './validate.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The report as a CSV or XLSX download named `<name>-<month>.<format>`. */
export async function reportDownload(c: Context, name: string, r: MonthlyReport | CountyMonthlyReport, format: 'csv' | 'xlsx') {
  const [body, type] =
    format === 'csv' ? [monthlyReportCsv(r), 'text/csv; charset=utf-8'] : [new Uint8Array(await monthlyReportXlsx(r)), XLSX_TYPE];
  return c.body(body, 200, {
    'content-type': type,
    'content-disposition': `attachment; filename="${name}-${r.month}.${format}"`,
  });
}

/** The caller's own township's report for a month. */
async function reportOf(c: Context<AppEnv>, month: string): Promise<MonthlyReport> {
  const { db, principal, config } = c.var;
  const report = await monthlyReport(db, principal.townshipId, month, nowOf(config));
  return config.ledgerKey ? { ...report, ledgerHead: signHead(config.ledgerKey, await chainHead(db)) } : report;
}

const township = requireRole('supervisor', 'admin');
const monthQuery = validate('query', monthlyReportQuerySchema);

/** 一月一通报: the township's monthly figures per village, as JSON, CSV and XLSX (supervisor and admin). */
export const reportRoutes = new Hono<AppEnv>()
  .get('/monthly', township, monthQuery, async (c) => c.json({ report: await reportOf(c, c.req.valid('query').month) }))
  .get('/monthly.csv', township, monthQuery, async (c) =>
    reportDownload(c, 'daiban-monthly-report', await reportOf(c, c.req.valid('query').month), 'csv'),
  )
  .get('/monthly.xlsx', township, monthQuery, async (c) =>
    reportDownload(c, 'daiban-monthly-report', await reportOf(c, c.req.valid('query').month), 'xlsx'),
  );

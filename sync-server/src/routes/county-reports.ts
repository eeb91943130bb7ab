import { type CountyMonthlyReport, monthlyReportQuerySchema } from '@daiban/schemas';
import { type Context, Hono } from 'hono';
import { requireCountyAdmin } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { chainHead } from '../db/index.ts';
import { signHead } from '../ledger/head-signing.ts';
import { countyMonthlyReport } from '../reports/monthly-report.ts';
import { reportDownload } from './reports.ts';
import { validate } from './validate.ts';

/** The caller's county's report for a month, with the ledger's signed head. */
async function reportOf(c: Context<AppEnv>, month: string): Promise<CountyMonthlyReport> {
  const { db, countyAdmin, config } = c.var;
  const report = await countyMonthlyReport(db, countyAdmin.countyId, month, nowOf(config));
  return config.ledgerKey ? { ...report, ledgerHead: signHead(config.ledgerKey, await chainHead(db)) } : report;
}

const county = requireCountyAdmin();
const monthQuery = validate('query', monthlyReportQuerySchema);

/** 一月一通报 of the county: each township's figures and the county's total, as JSON, CSV and XLSX (the county administrator). */
export const countyReportRoutes = new Hono<AppEnv>()
  .get('/monthly', county, monthQuery, async (c) => c.json({ report: await reportOf(c, c.req.valid('query').month) }))
  .get('/monthly.csv', county, monthQuery, async (c) =>
    reportDownload(c, 'daiban-county-report', await reportOf(c, c.req.valid('query').month), 'csv'),
  )
  .get('/monthly.xlsx', county, monthQuery, async (c) =>
    reportDownload(c, 'daiban-county-report', await reportOf(c, c.req.valid('query').month), 'xlsx'),
  );

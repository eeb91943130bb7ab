import { monthlyReportQuerySchema } from '@daiban/schemas';
import { Hono } from 'hono';
import { requireCountyAdmin } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { chainHead } from '../db/index.ts';
import { signHead } from '../ledger/head-signing.ts';
import { countyMonthlyReport } from '../reports/monthly-report.ts';
import { validate } from './validate.ts';

/** 一月一通报 of the county: each township's figures and the county's total (the county administrator). */
export const countyReportRoutes = new Hono<AppEnv>().get(
  '/monthly',
  requireCountyAdmin(),
  validate('query', monthlyReportQuerySchema),
  async (c) => {
    const { db, countyAdmin, config } = c.var;
    const report = await countyMonthlyReport(db, countyAdmin.countyId, c.req.valid('query').month, nowOf(config));
    return c.json({
      report: config.ledgerKey ? { ...report, ledgerHead: signHead(config.ledgerKey, await chainHead(db)) } : report,
    });
  },
);

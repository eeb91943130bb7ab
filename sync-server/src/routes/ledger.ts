import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import type { AppEnv } from '../context.ts';
import { verifyLedger } from '../db/index.ts';

/** Ledger integrity for the township: walk the hash chain and name the first broken event. */
export const ledgerRoutes = new Hono<AppEnv>().get('/verify', requireRole('supervisor', 'admin'), async (c) =>
  c.json(await verifyLedger(c.var.db)),
);

import type { VillageList } from '@daiban/schemas';
import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import type { AppEnv } from '../context.ts';
import { listVillages } from '../db/index.ts';

/** The township's villages, for the township's screens that filter by village (the review queue). */
export const villageRoutes = new Hono<AppEnv>().get('/', requireRole('supervisor', 'admin'), async (c) => {
  const body: VillageList = { villages: await listVillages(c.var.db, c.var.principal.townshipId) };
  return c.json(body);
});

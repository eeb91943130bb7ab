import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { deviceHealth } from '../db/index.ts';

/** The township's devices: silent ones, stuck queues and reset sequences come first. */
export const deviceRoutes = new Hono<AppEnv>().get('/', requireRole('supervisor', 'admin'), (c) => {
  return c.json({ devices: deviceHealth(c.var.db, c.var.principal.townshipId, nowOf(c.var.config)) });
});

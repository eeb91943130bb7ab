import type { Conflict } from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { listConflicts, listVillages } from '../db/index.ts';
import { restoreConflict } from '../sync/restore-conflict.ts';
import { validate } from './validate.ts';

/** Conflict records from sync: both values, devices and times; the township can restore the loser. */
export const conflictRoutes = new Hono<AppEnv>()
  .get('/', requireRole('supervisor', 'admin'), async (c) => {
    const { db, principal } = c.var;
    const conflicts: Conflict[] = await listConflicts(
      db,
      (await listVillages(db, principal.townshipId)).map((v) => v.id),
    );
    return c.json({ conflicts });
  })
  .post('/:id/restore', requireRole('supervisor'), validate('param', z.object({ id: z.uuid() })), async (c) => {
    const { db, principal, config } = c.var;
    return c.json(await restoreConflict(db, principal, c.req.valid('param').id, nowOf(config)));
  });

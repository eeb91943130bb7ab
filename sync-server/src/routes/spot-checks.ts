import { drawSpotCheckRequestSchema, recordSpotCheckRequestSchema } from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { listSpotChecks } from '../db/index.ts';
import { drawSpotCheck, ownSpotCheck, recordSpotCheck, spotCheckView } from '../sync/spot-checks.ts';
import { validate } from './validate.ts';

const idParam = validate('param', z.object({ id: z.uuid() }));

/** 抽查: the township centre draws a reproducible sample of each village's cases and records a check of each. */
export const spotCheckRoutes = new Hono<AppEnv>()
  .use(requireRole('supervisor'))
  .get('/', async (c) => {
    const { db, principal } = c.var;
    return c.json({ spotChecks: (await listSpotChecks(db, principal.townshipId)).map(({ townshipId: _, ...s }) => s) });
  })
  .post('/', validate('json', drawSpotCheckRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    return c.json({ spotCheck: await drawSpotCheck(db, principal, c.req.valid('json'), nowOf(config)) }, 201);
  })
  .get('/:id', idParam, async (c) => {
    const { db, principal } = c.var;
    return c.json({ spotCheck: await spotCheckView(db, await ownSpotCheck(db, principal, c.req.valid('param').id)) });
  })
  .put(
    '/:id/items/:caseId',
    validate('param', z.object({ id: z.uuid(), caseId: z.uuid() })),
    validate('json', recordSpotCheckRequestSchema),
    async (c) => {
      const { db, principal, config } = c.var;
      const { id, caseId } = c.req.valid('param');
      return c.json({ spotCheck: await recordSpotCheck(db, principal, id, caseId, c.req.valid('json'), nowOf(config)) });
    },
  );

import { chinaDate, closeFollowupRequestSchema, type Followup } from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { appendEvent, closeFollowup, getFollowup, listFollowups, listVillages } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { canSeeVillage } from '../sync/decide.ts';
import { validate } from './validate.ts';

/** 回访: follow-ups of bad ratings, with overdue ones flagged; the township closes each with what was fixed. */
export const followupRoutes = new Hono<AppEnv>()
  .get('/', requireRole('supervisor', 'admin'), async (c) => {
    const { db, principal, config } = c.var;
    const today = chinaDate(nowOf(config));
    const followups: Followup[] = (
      await listFollowups(
        db,
        (await listVillages(db, principal.townshipId)).map((v) => v.id),
      )
    ).map((f) => ({ ...f, overdue: !f.closedAt && f.dueDate < today }));
    return c.json({ followups });
  })
  .post(
    '/:id/close',
    requireRole('supervisor'),
    validate('param', z.object({ id: z.uuid() })),
    validate('json', closeFollowupRequestSchema),
    async (c) => {
      const { db, principal, config } = c.var;
      const at = nowOf(config).toISOString();
      const closed = await db.transaction(async () => {
        const f = await getFollowup(db, c.req.valid('param').id);
        if (!f || !(await canSeeVillage(db, principal, f.villageId)))
          throw new ApiError(404, 'not_found', '找不到回访记录 (follow-up not found)');
        if (f.closedAt) throw new ApiError(409, 'invalid_transition', '该回访已办结 (already closed)');
        const next = { ...f, closedAt: at, resolution: c.req.valid('json').resolution };
        await appendEvent(db, {
          type: 'followup.close',
          entityId: f.caseId,
          villageId: f.villageId,
          accountId: principal.account.id,
          deviceId: principal.device.id,
          mutationId: null,
          hlc: null,
          payload: { followupId: f.id, resolution: next.resolution },
          recordedAt: at,
        });
        await closeFollowup(db, next);
        return next;
      });
      return c.json({ followup: { ...closed, overdue: false } });
    },
  );

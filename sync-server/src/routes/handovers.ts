import { confirmHandoverRequestSchema, type HandoverDetail, type HandoverSummary } from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { getApplicant, getCase, getHandover, getVillage, listHandovers, listVillages, serviceItemOfCase } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { confirmHandover } from '../sync/confirm-handover.ts';
import { canSeeVillage } from '../sync/decide.ts';
import { validate } from './validate.ts';

const slipParam = validate('param', z.object({ id: z.uuid() }));

/** 交接单 at the township: the slips arriving from the villages, and confirming receipt of their originals. */
export const handoverRoutes = new Hono<AppEnv>()
  .get('/', requireRole('supervisor', 'admin'), async (c) => {
    const { db, principal } = c.var;
    const villages = new Map((await listVillages(db, principal.townshipId)).map((v) => [v.id, v.name]));
    const handovers: HandoverSummary[] = (await listHandovers(db, [...villages.keys()])).map((h) => ({
      id: h.id,
      slipNumber: h.slipNumber,
      villageId: h.villageId,
      villageName: villages.get(h.villageId) ?? h.villageId,
      status: h.status,
      createdAt: h.createdAt,
      ...(h.receivedAt ? { receivedAt: h.receivedAt } : {}),
      caseCount: h.items.length,
      originalCount: h.items.reduce((n, i) => n + i.originals.length, 0),
      missingCount: h.missing?.length ?? 0,
    }));
    return c.json({ handovers });
  })
  .get('/:id', requireRole('supervisor', 'admin'), slipParam, async (c) => {
    const { db, principal } = c.var;
    const h = await getHandover(db, c.req.valid('param').id);
    if (!h || !(await canSeeVillage(db, principal, h.villageId)))
      throw new ApiError(404, 'not_found', '找不到交接单 (handover slip not found)');
    const body: HandoverDetail = {
      handover: h,
      villageName: (await getVillage(db, h.villageId))?.name ?? h.villageId,
      cases: await Promise.all(
        h.items.map(async (i) => {
          const found = await getCase(db, i.caseId);
          return {
            caseId: i.caseId,
            serviceItemName: (found && (await serviceItemOfCase(db, found))?.name) ?? '',
            applicantName: (found && (await getApplicant(db, found.applicantId))?.name) ?? '',
          };
        }),
      ),
    };
    return c.json(body);
  })
  .post('/:id/confirm', requireRole('supervisor'), slipParam, validate('json', confirmHandoverRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    const handover = await confirmHandover(db, principal, c.req.valid('param').id, c.req.valid('json'), nowOf(config));
    return c.json({ handover });
  });

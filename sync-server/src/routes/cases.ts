import {
  acceptRequestSchema,
  type Case,
  type CaseDetail,
  type CaseSummary,
  caseListQuerySchema,
  completeRequestSchema,
  maskResidentId,
  OPEN_STATUSES,
  rejectRequestSchema,
  returnRequestSchema,
} from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import {
  type Db,
  getApplicant,
  getCase,
  getVillage,
  listCases,
  listVillages,
  missingBlobsOfCase,
  serviceItemOfCase,
  visitsOfCase,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { canSeeVillage, decide } from '../sync/decide.ts';
import { validate } from './validate.ts';

const caseParam = validate('param', z.object({ id: z.uuid() }));

/** The township's view of the cases: review queue, case page, decisions. */
export const caseRoutes = new Hono<AppEnv>()
  .get('/', requireRole('supervisor', 'admin'), validate('query', caseListQuerySchema), async (c) => {
    const { status } = c.req.valid('query');
    const { db, principal } = c.var;
    const villageIds = (await listVillages(db, principal.townshipId)).map((v) => v.id);
    const cases = await listCases(db, villageIds, status ? [status] : [...OPEN_STATUSES]);
    // First come, first served: by when the case reached the township (or came back from 补正),
    // not by its last change: a late photo must not send a waiting case to the back.
    const bySubmission = cases.sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
    const summaries = [];
    for (const x of bySubmission) summaries.push(await summarize(db, x));
    return c.json({ cases: summaries });
  })
  .get('/:id', requireRole('agent', 'supervisor', 'admin'), caseParam, async (c) => {
    const { db, principal } = c.var;
    const found = await getCase(db, c.req.valid('param').id);
    if (!found || !(await canSeeVillage(db, principal, found.villageId))) {
      throw new ApiError(404, 'not_found', '找不到代办件 (case not found)');
    }
    const applicant = await getApplicant(db, found.applicantId);
    if (!applicant) throw new ApiError(500, 'internal', 'case without applicant');
    const body: CaseDetail = {
      case: found,
      applicant,
      villageName: (await getVillage(db, found.villageId))?.name ?? found.villageId,
      serviceItemName: (await serviceItemOfCase(db, found))?.name ?? found.serviceItemCode,
      missingBlobs: await missingBlobsOfCase(db, found.id),
      visits: await visitsOfCase(db, found.id),
    };
    return c.json(body);
  })
  .post('/:id/accept', requireRole('supervisor'), caseParam, validate('json', acceptRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    const { note, missingAcknowledged } = c.req.valid('json');
    const decision = { kind: 'accept', note, missingAcknowledged } as const;
    return c.json({ case: await decide(db, principal, c.req.valid('param').id, decision, nowOf(config)) });
  })
  .post('/:id/complete', requireRole('supervisor'), caseParam, validate('json', completeRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    const { result, attachments } = c.req.valid('json');
    return c.json({
      case: await decide(db, principal, c.req.valid('param').id, { kind: 'complete', result, attachments }, nowOf(config)),
    });
  })
  .post('/:id/reject', requireRole('supervisor'), caseParam, validate('json', rejectRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    const { reason } = c.req.valid('json');
    return c.json({ case: await decide(db, principal, c.req.valid('param').id, { kind: 'reject', reason }, nowOf(config)) });
  })
  .post('/:id/return', requireRole('supervisor'), caseParam, validate('json', returnRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    return c.json({
      case: await decide(db, principal, c.req.valid('param').id, { kind: 'return', ...c.req.valid('json') }, nowOf(config)),
    });
  });

async function summarize(db: Db, x: Case): Promise<CaseSummary> {
  const applicant = await getApplicant(db, x.applicantId);
  return {
    id: x.id,
    caseNumber: x.caseNumber,
    villageId: x.villageId,
    villageName: (await getVillage(db, x.villageId))?.name ?? x.villageId,
    serviceItemCode: x.serviceItemCode,
    serviceItemName: (await serviceItemOfCase(db, x))?.name ?? x.serviceItemCode,
    applicantName: applicant?.name ?? '',
    applicantIdMasked: applicant ? maskResidentId(applicant.idNumber) : '',
    status: x.status,
    ...(x.submittedAt ? { submittedAt: x.submittedAt } : {}),
    ...(x.dueDate ? { dueDate: x.dueDate } : {}),
    blobsComplete: (await missingBlobsOfCase(db, x.id)).length === 0,
  };
}

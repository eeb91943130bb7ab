import {
  acceptRequestSchema,
  type Case,
  type CaseDetail,
  type CaseListPage,
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
  type CaseListPosition,
  casesMissingBlobs,
  type Db,
  getApplicant,
  getApplicants,
  getCase,
  getVillage,
  listCasePage,
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
    const { status, villageId, limit, after } = c.req.valid('query');
    const { db, principal } = c.var;
    const villages = new Map((await listVillages(db, principal.townshipId)).map((v) => [v.id, v.name]));
    if (villageId !== undefined && !villages.has(villageId)) {
      throw new ApiError(404, 'not_found', '本镇没有这个村 (villageId is not a village of your township)');
    }
    // First come, first served: by when the case reached the township (or came back from 补正),
    // not by its last change: a late photo must not send a waiting case to the back. One more case
    // than the page holds tells whether a next page exists.
    const found = await listCasePage(
      db,
      villageId === undefined ? [...villages.keys()] : [villageId],
      status ? [status] : [...OPEN_STATUSES],
      after === undefined ? undefined : positionOf(after),
      limit + 1,
    );
    const cases = found.slice(0, limit);
    const last = cases.at(-1);
    const page: CaseListPage = {
      cases: await summarize(db, cases, villages),
      next: found.length > limit && last ? cursorOf(last) : null,
    };
    return c.json(page);
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

/** A page's summaries: its applicants and missing blobs read once for the page, village names from the township's. */
async function summarize(db: Db, cases: Case[], villageNames: Map<string, string>): Promise<CaseSummary[]> {
  const applicants = await getApplicants(db, [...new Set(cases.map((x) => x.applicantId))]);
  const missingBlobs = await casesMissingBlobs(
    db,
    cases.map((x) => x.id),
  );
  const summaries: CaseSummary[] = [];
  for (const x of cases) {
    const applicant = applicants.get(x.applicantId);
    summaries.push({
      id: x.id,
      caseNumber: x.caseNumber,
      villageId: x.villageId,
      villageName: villageNames.get(x.villageId) ?? x.villageId,
      serviceItemCode: x.serviceItemCode,
      // Cached per item version (catalog.ts): a page of one item reads it once.
      serviceItemName: (await serviceItemOfCase(db, x))?.name ?? x.serviceItemCode,
      applicantName: applicant?.name ?? '',
      applicantIdMasked: applicant ? maskResidentId(applicant.idNumber) : '',
      status: x.status,
      ...(x.submittedAt ? { submittedAt: x.submittedAt } : {}),
      ...(x.dueDate ? { dueDate: x.dueDate } : {}),
      blobsComplete: !missingBlobs.has(x.id),
    });
  }
  return summaries;
}

/**
 * The `next` of a page: the position of its last case, as opaque text (base64url of JSON), so the
 * next page starts right after that case whatever was added or decided since (keyset, no offset).
 */
function cursorOf(x: Case): string {
  return Buffer.from(JSON.stringify([x.submittedAt ?? null, x.id])).toString('base64url');
}

const positionSchema = z.tuple([z.iso.datetime().nullable(), z.uuid()]);

function positionOf(after: string): CaseListPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const position = positionSchema.safeParse(decoded);
  if (!position.success) {
    throw new ApiError(400, 'validation_failed', '翻页位置无效，请从第一页重新加载 (after must be the next of a page)');
  }
  return { submittedAt: position.data[0], id: position.data[1] };
}

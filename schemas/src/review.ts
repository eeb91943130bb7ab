import { z } from 'zod';
import { applicantSchema } from './applicant.ts';
import { caseSchema, caseStatusSchema, MAX_RESULT_ATTACHMENTS } from './case.ts';
import { attachmentSchema } from './material.ts';
import { visitSchema } from './visit.ts';

/** A case in a list: the least personal data (masked ID number, no phone). */
export const caseSummarySchema = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  villageId: z.string(),
  villageName: z.string(),
  serviceItemCode: z.string(),
  serviceItemName: z.string(),
  applicantName: z.string(),
  applicantIdMasked: z.string(),
  status: caseStatusSchema,
  submittedAt: z.string().optional(),
  dueDate: z.string().optional(),
  blobsComplete: z.boolean(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/** The most cases one page of the township's case list holds, and how many it holds unless asked. */
export const MAX_CASE_PAGE = 200;
export const DEFAULT_CASE_PAGE = 50;

/**
 * `GET /api/cases`: the township's cases of a status (the open ones when none is given), optionally
 * of one of its villages, a page at a time, first submitted first. `after` is the `next` of the page
 * before, opaque to the client.
 */
export const caseListQuerySchema = z.object({
  status: caseStatusSchema.optional(),
  villageId: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_CASE_PAGE).default(DEFAULT_CASE_PAGE),
  after: z.string().min(1).max(400).optional(),
});
/** What a client asks for: any field left out takes the server's default. */
export type CaseListQuery = Partial<z.infer<typeof caseListQuerySchema>>;

/** One page of the case list; `next` asks for the page after it, null on the last page. */
export const caseListPageSchema = z.object({
  cases: z.array(caseSummarySchema),
  next: z.string().nullable(),
});
export type CaseListPage = z.infer<typeof caseListPageSchema>;

/** Everything the township sees on one case page; its ledger events are the case's history. */
export const caseDetailSchema = z.object({
  case: caseSchema,
  applicant: applicantSchema,
  villageName: z.string(),
  serviceItemName: z.string(),
  missingBlobs: z.array(z.string()),
  /** The home visits recorded for the case: when, who was present, the consent signature (a blob). */
  visits: z.array(visitSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const acceptRequestSchema = z.object({
  note: z.string().trim().max(2000).optional(),
  /** The supervisor saw that required materials are missing and accepts anyway (容缺受理). */
  missingAcknowledged: z.literal(true).optional(),
});

/** 办结: the result, in words the agent can pass on, and any documents issued (uploaded as blobs first). */
export const completeRequestSchema = z.object({
  result: z.string().trim().min(1, '请填写办理结果').max(2000),
  attachments: z.array(attachmentSchema).max(MAX_RESULT_ATTACHMENTS).optional(),
});

/** 不予受理 (before acceptance) or 不予办理 (after): the reason is required and reaches the applicant. */
export const rejectRequestSchema = z.object({
  reason: z.string().trim().min(1, '请写明不予受理（办理）的理由').max(2000),
});

/** 退回补正: which materials are missing or wrong, and why. */
export const returnRequestSchema = z.object({
  reason: z.string().trim().min(1, '请写明退回原因').max(2000),
  materialKeys: z.array(z.string()).max(40),
});
export type ReturnRequest = z.infer<typeof returnRequestSchema>;

/** The result of walking the ledger's hash chain (`GET /api/ledger/verify`). */
export const ledgerCheckSchema = z.object({
  ok: z.boolean(),
  events: z.number().int(),
  problem: z.object({ seq: z.number().int(), kind: z.enum(['missing', 'altered', 'unchained']), message: z.string() }).optional(),
});
export type LedgerCheck = z.infer<typeof ledgerCheckSchema>;

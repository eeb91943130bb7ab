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

export const caseListQuerySchema = z.object({
  status: caseStatusSchema.optional(),
});

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

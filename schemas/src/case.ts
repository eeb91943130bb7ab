import { z } from 'zod';
import { hlcSchema } from './hlc.ts';
import { attachmentSchema, materialSchema } from './material.ts';

/** The case lifecycle of DESIGN.md §4. */
export const caseStatusSchema = z.enum([
  'draft', // 草稿
  'received', // 村受理, receipt issued
  'submitted', // on the township ledger
  'accepted', // 镇受理, deadline running
  'returned', // 退回补正
  'completed', // 办结
  'delivered', // 出件
  'rated', // 已评价
  'rejected', // 不予受理/不予办理
  'withdrawn', // 撤回
]);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** 好差评, from 非常满意 (5) to 非常不满意 (1). */
export const ratingLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type RatingLevel = z.infer<typeof ratingLevelSchema>;

export const caseChannelSchema = z.enum(['walk_in', 'home_visit', 'phone_appointment']);
export type CaseChannel = z.infer<typeof caseChannelSchema>;

/** Village code + device code + date + sequence: unique without coordination. */
export const caseNumberSchema = z.string().regex(/^[A-Z]{2,4}-[A-Z0-9]{2,4}-\d{8}-\d{4}$/);

/** One line of a case's timeline, copied from its ledger event. */
export const caseHistoryEntrySchema = z.object({
  /** The event's place in the ledger. */
  seq: z.number().int(),
  type: z.string(),
  /**
   * When it happened: for a tablet's change, the wall time of its mutation's HLC (every mutation
   * has one, set from the server's idea of now once the tablet has met it, and never going back),
   * not times like receivedAt, which only some mutations carry; never later than `recordedAt`, a
   * change cannot happen after it reached the ledger. The township's own events happen when recorded.
   */
  at: z.iso.datetime(),
  /** When the ledger recorded it (absent from lines written before it was kept, whose `at` is this time). */
  recordedAt: z.iso.datetime().optional(),
  /** The account that caused the event, when one did. */
  by: z.string().nullable(),
  /** For a material change (`case.setMaterial`), which material: the timeline names it. */
  materialKey: z.string().optional(),
});
export type CaseHistoryEntry = z.infer<typeof caseHistoryEntrySchema>;

/**
 * 容缺受理 (received with required materials still missing) or a 补正 resubmitted without every
 * flagged material: the agent's explicit choice and reason, kept in the ledger for the township.
 */
export const caseExceptionSchema = z.object({
  kind: z.enum(['received_missing', 'resubmitted_uncorrected']),
  materialKeys: z.array(z.string()).min(1),
  reason: z.string().min(1).max(300),
  at: z.iso.datetime(),
});
export type CaseException = z.infer<typeof caseExceptionSchema>;

/** Documents a township may attach to its 办结 (a decision letter, a certificate scan). */
export const MAX_RESULT_ATTACHMENTS = 10;

/** A proxy case (代办件). The id is generated on the tablet. */
export const caseSchema = z.object({
  id: z.uuid(),
  caseNumber: caseNumberSchema,
  villageId: z.string().min(1),
  serviceItemCode: z.string(),
  serviceItemVersion: z.number().int().min(1),
  applicantId: z.uuid(),
  /** The agent who first received the case (首问负责). */
  agentId: z.string(),
  /** The agent now handling the case, when not the one who received it (A/B post takeover). */
  handlerId: z.string().optional(),
  deviceId: z.string(),
  channel: caseChannelSchema,
  /** The home visit (上门代办) on which the case was opened: that visit's record offers this case. */
  visitId: z.uuid().optional(),
  materials: z.array(materialSchema).min(1).max(40),
  notes: z.string().max(2000),
  status: caseStatusSchema,
  createdAt: z.iso.datetime(),
  receivedAt: z.iso.datetime().optional(),
  submittedAt: z.iso.datetime().optional(),
  acceptedAt: z.iso.datetime().optional(),
  /** Last day (YYYY-MM-DD) of the statutory time limit, counted in working days from acceptance. */
  dueDate: z.iso.date().optional(),
  decisionNote: z.string().max(2000).optional(),
  /** What the township asked the village to correct, while the case is returned (退回补正). */
  returnRequest: z
    .object({
      reason: z.string(),
      materialKeys: z.array(z.string()),
      /** The day it was returned: the deadline stands still until the village resubmits. */
      returnedOn: z.iso.date().optional(),
      /** The flagged materials' clocks when it was returned: a material still on its clock was not corrected. */
      clocks: z.record(z.string(), hlcSchema.nullable()).optional(),
    })
    .optional(),
  /** What the village knowingly sent on without, and why (容缺受理, 补正 without every flagged material). */
  exceptions: z.array(caseExceptionSchema).optional(),
  /** 不予受理/不予办理: why the township refused the application, to be told to the applicant. */
  rejection: z.object({ reason: z.string().max(2000), rejectedAt: z.iso.datetime() }).optional(),
  completedAt: z.iso.datetime().optional(),
  /** 办结: what the township decided or produced, as told to the applicant. */
  result: z.string().max(2000).optional(),
  /** Documents the township issued with its 办结, readable by the village when online. */
  resultAttachments: z.array(attachmentSchema).max(MAX_RESULT_ATTACHMENTS).optional(),
  /** 出件: the result handed back in the village, and to whom. */
  delivery: z
    .object({ deliveredAt: z.iso.datetime(), receivedBy: z.string().max(60), note: z.string().max(300).optional() })
    .optional(),
  /** 好差评: the applicant's rating of the service. */
  rating: z.object({ level: ratingLevelSchema, comment: z.string().max(500).optional(), ratedAt: z.iso.datetime() }).optional(),
  /** Hybrid-logical-clock time of the current value of each agent-owned field (see case-changes.ts). */
  clocks: z.record(z.string(), hlcSchema).optional(),
  /** Every ledger event of the case, oldest first: the timeline the tablet shows offline. */
  history: z.array(caseHistoryEntrySchema).optional(),
  updatedAt: z.iso.datetime(),
});
export type Case = z.infer<typeof caseSchema>;

/**
 * What an agent sets when it opens a case (`case.open`): the rest of a case is set later, by the
 * agent's own mutations (`case.receive`, …), by the township's decisions or by the server. Strict,
 * so a field the agent does not own is refused, not dropped.
 */
export const openedCaseSchema = z.strictObject({
  ...caseSchema.pick({
    id: true,
    caseNumber: true,
    villageId: true,
    serviceItemCode: true,
    serviceItemVersion: true,
    applicantId: true,
    agentId: true,
    deviceId: true,
    channel: true,
    materials: true,
    notes: true,
    visitId: true,
    createdAt: true,
    updatedAt: true,
  }).shape,
  status: z.literal('draft'),
});
export type OpenedCase = z.infer<typeof openedCaseSchema>;

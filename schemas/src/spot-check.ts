import { z } from 'zod';
import { caseStatusSchema } from './case.ts';

/** How a spot-checked case was found: 合格, 需整改 (fixable shortcomings), 不合格. */
export const spotCheckResultSchema = z.enum(['pass', 'rectify', 'fail']);
export type SpotCheckResult = z.infer<typeof spotCheckResultSchema>;

export const MAX_SPOT_CHECK_PER_VILLAGE = 50;

/**
 * 抽查: draw `perVillage` cases of each village received in the period (China dates, both
 * included). The same seed and period always draw the same cases. `id` is made by the client,
 * so a retried draw returns the first one instead of drawing twice.
 */
export const drawSpotCheckRequestSchema = z
  .object({
    id: z.uuid(),
    from: z.iso.date(),
    to: z.iso.date(),
    perVillage: z.number().int().min(1).max(MAX_SPOT_CHECK_PER_VILLAGE),
    seed: z.string().trim().min(1, '请填写抽签种子').max(64),
  })
  .refine((r) => r.from <= r.to, { message: '开始日期不能晚于结束日期 (from after to)', path: ['to'] });
export type DrawSpotCheckRequest = z.infer<typeof drawSpotCheckRequestSchema>;

/** One result per case; a note is required unless the case passed. */
export const recordSpotCheckRequestSchema = z
  .object({
    result: spotCheckResultSchema,
    note: z.string().trim().max(2000).default(''),
  })
  .refine((r) => r.result === 'pass' || r.note.length > 0, {
    message: '不合格或需整改时请写明问题 (a note is required unless the case passed)',
    path: ['note'],
  });
export type RecordSpotCheckRequest = z.infer<typeof recordSpotCheckRequestSchema>;

/** One drawn case, with the least personal data (masked ID number) and its check, once recorded. */
export const spotCheckItemSchema = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  villageId: z.string(),
  villageName: z.string(),
  serviceItemName: z.string(),
  applicantName: z.string(),
  applicantIdMasked: z.string(),
  status: caseStatusSchema,
  receivedAt: z.string(),
  result: spotCheckResultSchema.optional(),
  note: z.string(),
  checkedAt: z.iso.datetime().optional(),
});
export type SpotCheckItem = z.infer<typeof spotCheckItemSchema>;

export const spotCheckSummarySchema = z.object({
  id: z.uuid(),
  from: z.iso.date(),
  to: z.iso.date(),
  perVillage: z.number().int(),
  seed: z.string(),
  drawnAt: z.iso.datetime(),
  total: z.number().int(),
  checked: z.number().int(),
});
export type SpotCheckSummary = z.infer<typeof spotCheckSummarySchema>;

/** A spot check in full: its items ordered by village, then by draw. */
export const spotCheckSchema = spotCheckSummarySchema.extend({ items: z.array(spotCheckItemSchema) });
export type SpotCheck = z.infer<typeof spotCheckSchema>;

export const spotCheckListSchema = z.object({ spotChecks: z.array(spotCheckSummarySchema) });

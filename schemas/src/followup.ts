import { z } from 'zod';
import { ratingLevelSchema } from './case.ts';

/** A 不满意 or 非常不满意 rating must be followed up (回访) within this many working days. */
export const FOLLOWUP_WORKING_DAYS = 15;

/** A follow-up task opened by a bad rating, closed by the township with what was fixed. */
export const followupSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string(),
  villageId: z.string(),
  level: ratingLevelSchema,
  comment: z.string().optional(),
  openedAt: z.iso.datetime(),
  dueDate: z.iso.date(),
  closedAt: z.iso.datetime().optional(),
  resolution: z.string().optional(),
  /** Open and past its due date. */
  overdue: z.boolean(),
});
export type Followup = z.infer<typeof followupSchema>;

export const followupListSchema = z.object({ followups: z.array(followupSchema) });

export const closeFollowupRequestSchema = z.object({
  resolution: z.string().trim().min(1, '请写明回访结果和整改情况').max(2000),
});

import { z } from 'zod';
import { hlcSchema } from './hlc.ts';
import { materialSchema } from './material.ts';

/** One side of a conflict: the value, when it was written (HLC) and by which device. */
export const conflictSideSchema = z.object({
  value: materialSchema,
  hlc: hlcSchema,
  deviceId: z.string(),
});

/**
 * Two devices edited the same agent-owned field without seeing each other's edit. The
 * greater HLC won; the losing value is kept here, and the township can restore it.
 */
export const conflictSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string(),
  villageId: z.string(),
  field: z.string(),
  winner: conflictSideSchema,
  loser: conflictSideSchema,
  recordedAt: z.iso.datetime(),
  restoredAt: z.iso.datetime().nullable(),
});
export type Conflict = z.infer<typeof conflictSchema>;

export const conflictListSchema = z.object({ conflicts: z.array(conflictSchema) });

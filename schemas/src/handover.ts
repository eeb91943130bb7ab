import { z } from 'zod';

/**
 * 交接单: a batch of cases whose paper originals travel from the village room to the township.
 * The slip is the record of who holds the originals: the village until the slip is made, then
 * in transit, then the township once it confirms receipt (case by case, original by original).
 */
export const handoverSchema = z.object({
  id: z.uuid(),
  slipNumber: z.string().regex(/^[A-Z]{2,4}-[A-Z0-9]{2,4}-\d{8}-J\d{2,3}$/),
  villageId: z.string().min(1),
  caseIds: z.array(z.uuid()).min(1).max(200),
  items: z
    .array(
      z.object({
        caseId: z.uuid(),
        caseNumber: z.string(),
        originals: z.array(z.object({ key: z.string(), name: z.string() })).max(40),
      }),
    )
    .min(1)
    .max(200),
  status: z.enum(['in_transit', 'received']),
  createdAt: z.iso.datetime(),
  receivedAt: z.iso.datetime().optional(),
  /** Originals the township found missing when it confirmed receipt. */
  missing: z.array(z.object({ caseId: z.uuid(), key: z.string() })).optional(),
});
export type Handover = z.infer<typeof handoverSchema>;

/** Who holds a case's paper originals. */
export type OriginalsHolder = 'village' | 'in_transit' | 'township' | 'applicant';

/** Originals should reach the township within this many working days of village receipt. */
export const ORIGINALS_DUE_WORKING_DAYS = 3;

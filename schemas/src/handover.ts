import { z } from 'zod';

/**
 * 交接单: a batch of cases whose paper originals travel from the village room to the township.
 * The slip is the record of who holds the originals: the village until the slip is made, then
 * in transit, then the township once it confirms receipt (case by case, original by original).
 */
/** Village code, device code, day, sequence: also all that the slip's QR code carries. */
export const slipNumberSchema = z.string().regex(/^[A-Z]{2,4}-[A-Z0-9]{2,4}-\d{8}-J\d{2,3}$/);

/** An original the township did not find in the envelope, with what the clerk noted about it. */
export const missingOriginalSchema = z.object({ caseId: z.uuid(), key: z.string(), note: z.string() });
export type MissingOriginal = z.infer<typeof missingOriginalSchema>;

export const handoverSchema = z.object({
  id: z.uuid(),
  slipNumber: slipNumberSchema,
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
  /** Set by the township's confirmation (签收), with who confirmed and the originals it found missing. */
  receivedAt: z.iso.datetime().optional(),
  receivedBy: z.object({ id: z.string(), name: z.string() }).optional(),
  missing: z.array(missingOriginalSchema).optional(),
});
export type Handover = z.infer<typeof handoverSchema>;

/** A slip as the village makes it (`handover.create`): the confirmation fields are the township's. */
export const newHandoverSchema = z.strictObject({
  ...handoverSchema.omit({ status: true, receivedAt: true, receivedBy: true, missing: true }).shape,
  status: z.literal('in_transit'),
});
export type NewHandover = z.infer<typeof newHandoverSchema>;

/** A slip in the township's list: counts only, no case or applicant data. */
export const handoverSummarySchema = handoverSchema
  .pick({ id: true, slipNumber: true, villageId: true, status: true, createdAt: true, receivedAt: true })
  .extend({
    villageName: z.string(),
    caseCount: z.number().int(),
    originalCount: z.number().int(),
    missingCount: z.number().int(),
  });
export type HandoverSummary = z.infer<typeof handoverSummarySchema>;

/** One slip in full for the township clerk checking the envelope: each case's item and applicant. */
export const handoverDetailSchema = z.object({
  handover: handoverSchema,
  villageName: z.string(),
  cases: z.array(z.object({ caseId: z.uuid(), serviceItemName: z.string(), applicantName: z.string() })),
});
export type HandoverDetail = z.infer<typeof handoverDetailSchema>;

/**
 * 签收: for every case on the slip and every original it lists, whether the township received
 * it; an original not received needs a note (what is missing, what the village was told).
 */
export const confirmHandoverRequestSchema = z.object({
  cases: z
    .array(
      z.object({
        caseId: z.uuid(),
        originals: z
          .array(
            z
              .object({ key: z.string().min(1), received: z.boolean(), note: z.string().trim().max(500).optional() })
              .refine((o) => o.received || Boolean(o.note), { message: '请说明缺少的原件', path: ['note'] }),
          )
          .max(40),
      }),
    )
    .min(1)
    .max(200),
});
export type ConfirmHandoverRequest = z.infer<typeof confirmHandoverRequestSchema>;

/** Who holds a case's paper originals. */
export type OriginalsHolder = 'village' | 'in_transit' | 'township' | 'applicant';

/** Originals should reach the township within this many working days of village receipt. */
export const ORIGINALS_DUE_WORKING_DAYS = 3;

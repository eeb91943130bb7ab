import { z } from 'zod';
import { applicantSchema } from './applicant.ts';
import { openedCaseSchema, ratingLevelSchema } from './case.ts';
import { newHandoverSchema } from './handover.ts';
import { hlcSchema } from './hlc.ts';
import { attachmentSchema, materialStatusSchema } from './material.ts';
import { geoPointSchema, plannedVisitSchema } from './visit.ts';

const exceptionReasonSchema = z.string().trim().min(1).max(300);

// Every payload is strict: a field its author does not own (the township's, the server's, another
// mutation's) makes the mutation invalid instead of being silently dropped.
const mutationBase = {
  /** Client-generated id: the server applies each mutation at most once. */
  id: z.uuid(),
  /** Position in the device's own sequence, from 1, without gaps. */
  deviceSeq: z.number().int().min(1),
  hlc: hlcSchema,
};

export const registerApplicantMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('applicant.register'),
  payload: z.strictObject(applicantSchema.shape),
});

export const openCaseMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('case.open'),
  payload: openedCaseSchema,
});

export const setMaterialMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('case.setMaterial'),
  payload: z.strictObject({
    caseId: z.uuid(),
    key: z.string(),
    status: materialStatusSchema,
    attachments: z.array(attachmentSchema).max(20),
    note: z.string().max(300).optional(),
    /** Clock of the value this edit was made on (`Case.clocks`); null when the tablet had none. */
    base: hlcSchema.nullable(),
  }),
});

/** The agent received the case in the village and issued the receipt (村受理). */
export const receiveCaseMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('case.receive'),
  payload: z.strictObject({
    caseId: z.uuid(),
    receivedAt: z.iso.datetime(),
    /** 容缺受理: why the case is received with required materials missing; refused without it. */
    missingReason: exceptionReasonSchema.optional(),
  }),
});

/** The agent sends a returned case back to the township after correcting it. */
export const resubmitCaseMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('case.resubmit'),
  payload: z.strictObject({
    caseId: z.uuid(),
    /** Why flagged materials are sent back uncorrected; refused without it when any is. */
    reason: exceptionReasonSchema.optional(),
  }),
});

/** 出件: the agent handed the township's result back to the applicant (or a named relative). */
export const deliverCaseMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('case.deliver'),
  payload: z.strictObject({
    caseId: z.uuid(),
    deliveredAt: z.iso.datetime(),
    receivedBy: z.string().trim().min(1).max(60),
    note: z.string().trim().max(300).optional(),
  }),
});

/** 好差评: the applicant's rating, recorded by the agent. */
export const rateCaseMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('case.rate'),
  payload: z.strictObject({
    caseId: z.uuid(),
    level: ratingLevelSchema,
    comment: z.string().trim().max(500).optional(),
    ratedAt: z.iso.datetime(),
  }),
});

/** A home visit planned for a day. */
export const planVisitMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('visit.plan'),
  payload: plannedVisitSchema,
});

/** What happened on the visit: when, where, who was there, the consent, the case opened. */
export const recordVisitMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('visit.record'),
  payload: z.strictObject({
    visitId: z.uuid(),
    visitedAt: z.iso.datetime(),
    location: geoPointSchema.optional(),
    present: z.string().trim().max(200),
    consent: attachmentSchema,
    caseId: z.uuid().optional(),
    notes: z.string().trim().max(1000).optional(),
  }),
});

/** A handover slip made in the village: its cases' originals are now in transit. */
export const createHandoverMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('handover.create'),
  payload: newHandoverSchema,
});

/** A/B post: an agent takes over a case from an absent colleague of the same village. */
export const takeOverCaseMutationSchema = z.object({
  ...mutationBase,
  type: z.literal('case.takeOver'),
  payload: z.strictObject({
    caseId: z.uuid(),
    fromAgentId: z.string(),
    toAgentId: z.string(),
    reason: z.string().trim().min(1).max(200),
  }),
});

export const mutationSchema = z.discriminatedUnion('type', [
  registerApplicantMutationSchema,
  openCaseMutationSchema,
  setMaterialMutationSchema,
  receiveCaseMutationSchema,
  resubmitCaseMutationSchema,
  deliverCaseMutationSchema,
  rateCaseMutationSchema,
  planVisitMutationSchema,
  recordVisitMutationSchema,
  createHandoverMutationSchema,
  takeOverCaseMutationSchema,
]);
export type Mutation = z.infer<typeof mutationSchema>;
export type MutationType = Mutation['type'];

import { z } from 'zod';
import { attachmentSchema } from './material.ts';

/** Where the agent was, when the tablet could tell (optional: no GPS indoors, or refused). */
export const geoPointSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000),
});
export type GeoPoint = z.infer<typeof geoPointSchema>;

/**
 * 上门代办: a home visit to an elderly or disabled villager. Planned while online, recorded on
 * the visit with no network: who was there, and the applicant's consent to proxy handling
 * (委托代办) drawn on screen as a signature or fingerprint mark.
 */
export const visitSchema = z.object({
  id: z.uuid(),
  villageId: z.string().min(1),
  applicantId: z.uuid(),
  serviceItemCode: z.string().optional(),
  plannedFor: z.iso.date(),
  address: z.string().trim().min(1, '请填写地址').max(200),
  status: z.enum(['planned', 'done', 'cancelled']),
  visitedAt: z.iso.datetime().optional(),
  location: geoPointSchema.optional(),
  present: z.string().max(200).optional(),
  consent: attachmentSchema.optional(),
  caseId: z.uuid().optional(),
  notes: z.string().max(1000).optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Visit = z.infer<typeof visitSchema>;

/** A visit as planned (`visit.plan`): what happened on it is `visit.record`'s, with its checks. */
export const plannedVisitSchema = z.strictObject({
  ...visitSchema.omit({ status: true, visitedAt: true, location: true, present: true, consent: true, caseId: true, notes: true })
    .shape,
  status: z.literal('planned'),
});
export type PlannedVisit = z.infer<typeof plannedVisitSchema>;

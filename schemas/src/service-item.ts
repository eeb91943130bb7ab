import { z } from 'zod';

export const departmentSchema = z.enum([
  'civil_affairs', // 民政
  'human_resources', // 人社
  'medical_security', // 医保
  'disabled_persons', // 残联
  'health', // 卫健
  'natural_resources', // 自然资源
  'agriculture', // 农业农村
  'veterans', // 退役军人
  'public_security', // 公安
  'other',
]);
export type Department = z.infer<typeof departmentSchema>;

export const materialFormSchema = z.enum(['original', 'copy', 'original_and_copy']);

export const requiredMaterialSchema = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,40}$/),
  name: z.string().min(1).max(100),
  form: materialFormSchema,
  copies: z.number().int().min(0).max(20),
  required: z.boolean(),
  notes: z.string().max(300).optional(),
});
export type RequiredMaterial = z.infer<typeof requiredMaterialSchema>;

/** A catalog entry (事项). Every edit makes a new version; a case keeps the version it was opened with. */
export const serviceItemSchema = z.object({
  code: z.string().regex(/^[A-Z]{2,4}-\d{3}$/),
  version: z.number().int().min(1),
  name: z.string().min(1).max(100),
  /** Words villagers use for the item (低保, 五保, 医保…), so a search finds it. */
  keywords: z.array(z.string().min(1).max(20)).max(20).optional(),
  department: departmentSchema,
  legalBasis: z.string().min(1).max(1000),
  eligibility: z.string().min(1).max(1000),
  materials: z.array(requiredMaterialSchema).min(1).max(40),
  steps: z.array(z.string().min(1).max(300)).min(1).max(20),
  timeLimitDays: z.number().int().min(1).max(365),
  fee: z.string().min(1).max(100),
  /** village: handled in the village room (村办); township: proxied to the township (代办). */
  handling: z.enum(['village', 'township']),
  homeVisit: z.boolean(),
  /** A retired item (停用) stays in the catalog for the cases opened with it; no new case uses it. */
  retired: z.boolean().optional(),
  publishedAt: z.iso.datetime(),
});
export type ServiceItem = z.infer<typeof serviceItemSchema>;

/** What the admin writes for an item; the server sets the version and the publishing time. */
export const serviceItemDraftSchema = serviceItemSchema.omit({ code: true, version: true, publishedAt: true });
export type ServiceItemDraft = z.infer<typeof serviceItemDraftSchema>;

/** Each material of an item has its own key: a case's checklist lines are keyed by it. */
const uniqueMaterialKeys: [(d: { materials: { key: string }[] }) => boolean, { message: string; path: string[] }] = [
  (d) => new Set(d.materials.map((m) => m.key)).size === d.materials.length,
  { message: '材料代码重复 (duplicate material keys)', path: ['materials'] },
];

export const createServiceItemRequestSchema = serviceItemDraftSchema
  .extend({ code: serviceItemSchema.shape.code })
  .refine(...uniqueMaterialKeys);
export type CreateServiceItemRequest = z.infer<typeof createServiceItemRequestSchema>;

/**
 * An edit publishes version n+1 of the whole item. `baseVersion` is the version the admin
 * edited; if the item moved on meanwhile (another edit, or this one retried) the edit is refused.
 */
export const editServiceItemRequestSchema = serviceItemDraftSchema
  .extend({ baseVersion: z.number().int().min(1) })
  .refine(...uniqueMaterialKeys);
export type EditServiceItemRequest = z.infer<typeof editServiceItemRequestSchema>;

export const serviceItemListSchema = z.object({ items: z.array(serviceItemSchema) });

/**
 * One item of a township's catalog: its newest version, every version ever published (oldest first),
 * and the county version the newest copies — null when the township published it itself (its own
 * item, or its own version of a county item, which the county's later edits no longer change).
 */
export const serviceItemHistorySchema = z.object({
  item: serviceItemSchema,
  versions: z.array(serviceItemSchema),
  countyVersion: z.number().int().min(1).nullable(),
  /** The county's newest version of the code; null when the township has no county or the county no such item. */
  countyLatestVersion: z.number().int().min(1).nullable(),
});
export type ServiceItemHistory = z.infer<typeof serviceItemHistorySchema>;

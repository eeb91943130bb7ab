import { z } from 'zod';

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a lowercase hex SHA-256');

export const attachmentMimeSchema = z.enum(['image/jpeg', 'image/png', 'application/pdf']);
export type AttachmentMime = z.infer<typeof attachmentMimeSchema>;

/** Largest single attachment the server stores (after on-device downscaling, photos are far smaller). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Metadata of a blob; the bytes travel separately, content-addressed by SHA-256. */
export const attachmentSchema = z.object({
  sha256: sha256Schema,
  size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
  mime: attachmentMimeSchema,
  addedAt: z.iso.datetime(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const materialStatusSchema = z.enum(['missing', 'collected', 'waived']);
export type MaterialStatus = z.infer<typeof materialStatusSchema>;

/** One checklist line of a case, for one required material of the service item. */
export const materialSchema = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,40}$/),
  name: z.string().min(1).max(100),
  required: z.boolean(),
  status: materialStatusSchema,
  attachments: z.array(attachmentSchema).max(20),
  note: z.string().max(300).optional(),
});
export type Material = z.infer<typeof materialSchema>;

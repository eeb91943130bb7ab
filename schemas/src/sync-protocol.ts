import { z } from 'zod';
import { applicantSchema } from './applicant.ts';
import { calendarEntrySchema } from './calendar.ts';
import { caseSchema } from './case.ts';
import { errorBodySchema, errorReasonSchema } from './errors.ts';
import { handoverSchema } from './handover.ts';
import { MAX_ATTACHMENT_BYTES } from './material.ts';
import { mutationSchema } from './mutation.ts';
import { dutySchema, villageAgentSchema, villageSchema } from './org.ts';
import { serviceItemSchema } from './service-item.ts';
import { visitSchema } from './visit.ts';

export const MAX_PUSH_BATCH = 500;
/** JSON bodies (a push batch) above this many bytes are refused, as sent and unpacked; blob chunks have their own limit. */
export const JSON_BODY_LIMIT = 4 * 1024 * 1024;
export const MAX_PULL_PAGE = 1000;

/**
 * A pull answer's next cursor and whether more pages follow, also sent as headers: a device asks for the
 * next page as soon as these arrive, while this one's body is still being read, parsed and stored.
 */
export const PULL_CURSOR_HEADER = 'x-daiban-cursor';
export const PULL_MORE_HEADER = 'x-daiban-has-more';

/**
 * A pull asked with this type in `Accept` is answered with the page as a gzip file (this content type,
 * no Content-Encoding): the browser hands the compressed bytes over as they came, and a tablet stores
 * them so, a twentieth of the page's JSON (record-pages.ts). Other clients get JSON.
 */
export const PULL_GZIP_TYPE = 'application/gzip';

export const healthSchema = z.object({
  status: z.literal('ok'),
  name: z.string(),
  version: z.string(),
  protocolVersion: z.number().int(),
  minProtocolVersion: z.number().int(),
  schemaVersion: z.number().int(),
  /** The township server's clock: devices take their idea of "now" from it. */
  serverTime: z.iso.datetime(),
});
export type Health = z.infer<typeof healthSchema>;

export const pushRequestSchema = z.object({
  mutations: z.array(mutationSchema).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const mutationResultSchema = z.object({
  mutationId: z.uuid(),
  deviceSeq: z.number().int(),
  /** applied: now in the ledger; refused: will never apply, the reason says why. */
  outcome: z.enum(['applied', 'refused']),
  reason: errorReasonSchema.optional(),
  message: z.string().optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullQuerySchema = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_PAGE).default(500),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

/** Latest state of every record that changed after `cursor`, in ledger order. */
/**
 * The ledger's chain head (the newest event's place and hash) signed with the township's ledger
 * key, which is kept outside the database: a copy held elsewhere (a tablet, a printed report, a
 * backup manifest) shows whether the ledger was rewritten since, even with every hash recomputed.
 */
export const signedHeadSchema = z.object({
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().min(1).max(200),
});
export type SignedHead = z.infer<typeof signedHeadSchema>;

export const pullResponseSchema = z.object({
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
  serviceItems: z.array(serviceItemSchema),
  villages: z.array(villageSchema),
  applicants: z.array(applicantSchema),
  cases: z.array(caseSchema),
  visits: z.array(visitSchema),
  handovers: z.array(handoverSchema),
  agents: z.array(villageAgentSchema),
  duty: z.array(dutySchema),
  /** The township's whole holiday calendar, sent when it changed after `cursor`: it replaces the stored one. */
  calendar: z.array(calendarEntrySchema).optional(),
  /** The ledger's signed head as this page was read: the tablet keeps the heads it saw as witnesses. */
  head: signedHeadSchema.optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** Blobs travel in chunks of at most this size; after a drop at most one chunk is sent again. */
export const BLOB_CHUNK_BYTES = 512 * 1024;

/** What the server holds of a blob: `received` bytes so far of `size`, `complete` once verified. */
export const blobStatusSchema = z.object({
  sha256: z.string(),
  size: z.number().int(),
  received: z.number().int(),
  complete: z.boolean(),
});
export type BlobStatus = z.infer<typeof blobStatusSchema>;

/**
 * Photos that fit in one chunk travel several to a request, up to this many bytes and
 * BLOB_BATCH_MAX photos: one request, one answer and one commit where each photo cost its own. A
 * cut loses at most a batch, as it loses at most a chunk per lane; a photo tried before, or bigger
 * than a chunk, goes the resumable way. Tablets start at 1 MiB and fill batches to this only on a
 * link that carries them in a second (photo-upload.ts); the server holds a batch in memory while
 * it checks it.
 */
export const BLOB_BATCH_BYTES = 4 * 1024 * 1024;
export const BLOB_BATCH_MAX = 16;

/**
 * A batch's body as tablets send it: the photos' bytes one after another, each named in order in
 * the BLOB_BATCH_PHOTOS_HEADER (`<sha256> <size> <mime>` each, comma-separated; photoBatchRequest).
 * The server reads it as it came, with no parts to parse and no copy per photo. Tablets of older
 * versions send multipart/form-data (one file part per photo, named by its SHA-256), which the
 * server still reads.
 */
export const BLOB_BATCH_TYPE = 'application/vnd.daiban.photos';
export const BLOB_BATCH_PHOTOS_HEADER = 'x-daiban-photos';

/**
 * The photos a BLOB_BATCH_PHOTOS_HEADER names, in order, read only for their form (three fields,
 * a whole positive size): what each may be, the server checks as it checks any upload.
 */
export const batchPhotosHeaderSchema = z
  .string()
  .transform((header) => header.split(',').map((photo) => photo.trim().split(' ')))
  .pipe(
    z.array(
      z
        .tuple([z.string().min(1), z.string().regex(/^[1-9][0-9]{0,8}$/), z.string().min(1)])
        .transform(([sha256, size, mime]) => ({ sha256, size: Number(size), mime })),
    ),
  );

/** A batch as tablets send it: its body (the photos' bytes in order) and its headers (the type, and each photo named). */
export function photoBatchRequest(photos: { sha256: string; bytes: Uint8Array<ArrayBuffer>; mime: string }[]): {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
} {
  const body = new Uint8Array(photos.reduce((n, p) => n + p.bytes.byteLength, 0));
  let offset = 0;
  for (const { bytes } of photos) {
    body.set(bytes, offset);
    offset += bytes.byteLength;
  }
  const named = photos.map((p) => `${p.sha256} ${p.bytes.byteLength} ${p.mime}`).join(', ');
  return { body, headers: { 'content-type': BLOB_BATCH_TYPE, [BLOB_BATCH_PHOTOS_HEADER]: named } };
}

/** How one photo of a batch fared: its status, or why it was refused (the error a single upload would get). */
export const blobBatchResultSchema = z.union([
  blobStatusSchema,
  errorBodySchema.extend({ sha256: z.string(), status: z.number().int() }),
]);
export type BlobBatchResult = z.infer<typeof blobBatchResultSchema>;

export const blobBatchResponseSchema = z.object({ results: z.array(blobBatchResultSchema) });

export const blobChunkQuerySchema = z.object({
  offset: z.coerce.number().int().min(0),
  total: z.coerce.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
});

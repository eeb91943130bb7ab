import {
  attachmentMimeSchema,
  BLOB_BATCH_BYTES,
  BLOB_BATCH_MAX,
  BLOB_CHUNK_BYTES,
  type BlobBatchResult,
  blobChunkQuerySchema,
  sha256Schema,
} from '@daiban/schemas';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { getBlob } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { mayReadBlob } from '../sync/blob-access.ts';
import { blobStatus, receiveChunk } from '../sync/blob-upload.ts';
import { validate } from './validate.ts';

const blobParam = validate('param', z.object({ sha256: sha256Schema }));

/** Content-addressed photo and scan storage: the URL names the SHA-256 of the bytes. */
export const blobRoutes = new Hono<AppEnv>()
  .get('/:sha256/status', requireRole('agent', 'supervisor', 'admin'), blobParam, async (c) => {
    return c.json(await blobStatus(c.var.db, c.var.config.blobs, c.req.valid('param').sha256, c.var.principal));
  })
  // Tablets upload materials; the township uploads the documents it attaches to a 办结.
  .put('/:sha256/chunks', requireRole('agent', 'supervisor'), blobParam, validate('query', blobChunkQuerySchema), async (c) => {
    const { sha256 } = c.req.valid('param');
    const { offset, total } = c.req.valid('query');
    const mime = attachmentMimeSchema.safeParse(c.req.header('content-type')?.split(';')[0]?.trim());
    if (!mime.success) throw new ApiError(415, 'bad_request', '只接受 JPEG、PNG 或 PDF 文件 (unsupported content type)');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(
      await receiveChunk(
        c.var.db,
        c.var.config.blobs,
        { sha256, mime: mime.data, offset, total, bytes },
        c.var.principal,
        nowOf(c.var.config),
        c.var.config.unreferencedBlobQuota,
      ),
    );
  })
  // Several whole photos in one request (BLOB_BATCH_BYTES): each is stored as its own upload would
  // be, and answered on its own, so one refused photo does not hold back the others.
  .post('/batch', requireRole('agent', 'supervisor'), async (c) => {
    const photos = await readBatch(c);
    const { db, config, principal } = c.var;
    const now = nowOf(config);
    const results = await Promise.all(
      photos.map(async ({ sha256, mime, bytes }): Promise<BlobBatchResult> => {
        try {
          const chunk = { sha256, mime, offset: 0, total: bytes.byteLength, bytes };
          return await receiveChunk(db, config.blobs, chunk, principal, now, config.unreferencedBlobQuota);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          return { sha256, status: error.status, ...error.toBody() };
        }
      }),
    );
    return c.json({ results });
  })
  .get('/:sha256', requireRole('agent', 'supervisor', 'admin'), blobParam, async (c) => {
    const { sha256 } = c.req.valid('param');
    const { db, config, principal } = c.var;
    const row = await getBlob(db, sha256);
    if (!row) throw new ApiError(404, 'not_found', '没有这个文件 (no such blob)');
    if (!(await mayReadBlob(db, principal, sha256))) {
      throw new ApiError(404, 'not_found', '没有这个文件 (no such blob)');
    }
    return c.body(config.blobs.open(sha256), 200, {
      'content-type': row.mime,
      'content-length': String(row.size),
      'cache-control': 'private, max-age=31536000, immutable',
    });
  });

/** Bytes of multipart framing a batch may carry beside its photos (a boundary and a few headers per part). */
export const BATCH_FRAMING_BYTES = 64 * 1024;

/**
 * The photos of a batch, each part a whole photo named by its SHA-256. The whole batch is checked
 * before any photo is stored: a malformed one is refused (400/413/415) with nothing written.
 */
async function readBatch(c: Context<AppEnv>): Promise<{ sha256: string; mime: string; bytes: Uint8Array }[]> {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('multipart/form-data')) {
    throw new ApiError(415, 'bad_request', '批量上传须为 multipart/form-data (a batch is multipart/form-data)');
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new ApiError(400, 'bad_request', '批量上传内容无法解析 (malformed multipart body)');
  }
  const parts = [...form.entries()];
  if (parts.length === 0 || parts.length > BLOB_BATCH_MAX) {
    throw new ApiError(400, 'bad_request', `一批应有 1 至 ${BLOB_BATCH_MAX} 个文件 (a batch holds 1 to ${BLOB_BATCH_MAX} files)`);
  }
  const seen = new Set<string>();
  let total = 0;
  const photos = [];
  for (const [name, value] of parts) {
    const sha256 = sha256Schema.safeParse(name);
    if (!sha256.success || typeof value === 'string' || seen.has(sha256.data)) {
      throw new ApiError(
        400,
        'bad_request',
        '每个部分应是以 SHA-256 命名的文件，且不重复 (each part is a file named by its SHA-256, once)',
      );
    }
    const mime = attachmentMimeSchema.safeParse(value.type.split(';')[0]?.trim());
    if (!mime.success) throw new ApiError(415, 'bad_request', '只接受 JPEG、PNG 或 PDF 文件 (unsupported content type)');
    if (value.size === 0) throw new ApiError(400, 'bad_request', '文件为空 (empty file)');
    if (value.size > BLOB_CHUNK_BYTES) {
      throw new ApiError(
        413,
        'payload_too_large',
        `批量中的文件不得超过 ${BLOB_CHUNK_BYTES} 字节 (a batched file fits in one chunk)`,
      );
    }
    total += value.size;
    if (total > BLOB_BATCH_BYTES) {
      throw new ApiError(413, 'payload_too_large', `一批不得超过 ${BLOB_BATCH_BYTES} 字节 (batch too large)`);
    }
    seen.add(sha256.data);
    photos.push({ sha256: sha256.data, mime: mime.data, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return photos;
}

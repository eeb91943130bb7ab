import { attachmentMimeSchema, blobChunkQuerySchema, sha256Schema } from '@daiban/schemas';
import { Hono } from 'hono';
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

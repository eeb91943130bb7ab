import { Readable } from 'node:stream';
import { attachmentMimeSchema, type BlobStatus, MAX_ATTACHMENT_BYTES, sha256Schema } from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { getBlob, insertBlob, villagesReferencingBlob } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { hasBlobFile, openBlob, writeBlob } from '../sync/blob-store.ts';
import { validate } from './validate.ts';

const blobParam = validate('param', z.object({ sha256: sha256Schema }));

/** Content-addressed photo and scan storage: the URL names the SHA-256 of the bytes. */
export const blobRoutes = new Hono<AppEnv>()
  .get('/:sha256/status', requireRole('agent', 'supervisor', 'admin'), blobParam, (c) => {
    const { sha256 } = c.req.valid('param');
    const row = getBlob(c.var.db, sha256);
    const body: BlobStatus = { sha256, size: row?.size ?? 0, complete: row !== undefined };
    return c.json(body);
  })
  .put('/:sha256', requireRole('agent'), blobParam, async (c) => {
    const { sha256 } = c.req.valid('param');
    const mime = attachmentMimeSchema.safeParse(c.req.header('content-type')?.split(';')[0]?.trim());
    if (!mime.success) throw new ApiError(415, 'bad_request', '只接受 JPEG、PNG 或 PDF 文件 (unsupported content type)');
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_ATTACHMENT_BYTES) {
      throw new ApiError(413, 'payload_too_large', `文件超过 ${MAX_ATTACHMENT_BYTES} 字节上限 (blob too large)`);
    }
    const { db, config } = c.var;
    if (getBlob(db, sha256) && hasBlobFile(config.blobDir, sha256)) return c.json(status(sha256, getBlob(db, sha256)!.size));
    const body = c.req.raw.body;
    if (!body) throw new ApiError(400, 'bad_request', '文件为空 (empty blob)');
    const size = await writeBlob(config.blobDir, sha256, body, MAX_ATTACHMENT_BYTES);
    insertBlob(db, { sha256, size, mime: mime.data }, nowOf(config).toISOString());
    return c.json(status(sha256, size), 201);
  })
  .get('/:sha256', requireRole('agent', 'supervisor', 'admin'), blobParam, (c) => {
    const { sha256 } = c.req.valid('param');
    const { db, config, principal } = c.var;
    const row = getBlob(db, sha256);
    if (!row) throw new ApiError(404, 'not_found', '没有这个文件 (no such blob)');
    if (principal.villageId && !villagesReferencingBlob(db, sha256).includes(principal.villageId)) {
      throw new ApiError(404, 'not_found', '没有这个文件 (no such blob)');
    }
    const stream = Readable.toWeb(openBlob(config.blobDir, sha256)) as ReadableStream<Uint8Array>;
    return c.body(stream, 200, {
      'content-type': row.mime,
      'content-length': String(row.size),
      'cache-control': 'private, max-age=31536000, immutable',
    });
  });

function status(sha256: string, size: number): BlobStatus {
  return { sha256, size, complete: true };
}

import {
  attachmentMimeSchema,
  BLOB_BATCH_BYTES,
  BLOB_BATCH_MAX,
  BLOB_BATCH_PHOTOS_HEADER,
  BLOB_BATCH_TYPE,
  BLOB_CHUNK_BYTES,
  type BlobBatchResult,
  batchPhotosHeaderSchema,
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
import { blobStatus, receiveChunk, receiveChunks } from '../sync/blob-upload.ts';
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
  // be, their rows in one commit, and answered on its own, so one refused photo does not hold back the others.
  .post('/batch', requireRole('agent', 'supervisor'), async (c) => {
    const photos = await readBatch(c);
    const { db, config, principal } = c.var;
    const chunks = photos.map(({ sha256, mime, bytes }) => ({ sha256, mime, offset: 0, total: bytes.byteLength, bytes }));
    const answers = await receiveChunks(db, config.blobs, chunks, principal, nowOf(config), config.unreferencedBlobQuota);
    const results = answers.map(
      (answer, i): BlobBatchResult =>
        answer instanceof ApiError ? { sha256: photos[i]!.sha256, status: answer.status, ...answer.toBody() } : answer,
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

type BatchPhoto = { sha256: string; mime: string; bytes: Uint8Array };

/**
 * The photos of a batch, in either form a tablet sends (BLOB_BATCH_TYPE, or multipart from older
 * versions). The whole batch is checked before any photo is stored: a malformed one is refused
 * (400/413/415) with nothing written.
 */
function readBatch(c: Context<AppEnv>): Promise<BatchPhoto[]> {
  const type = c.req.header('content-type')?.toLowerCase() ?? '';
  if (type.startsWith(BLOB_BATCH_TYPE)) return readConcatenated(c);
  if (type.startsWith('multipart/form-data')) return readMultipart(c);
  throw new ApiError(
    415,
    'bad_request',
    `批量上传须为 ${BLOB_BATCH_TYPE} 或 multipart/form-data (a batch is ${BLOB_BATCH_TYPE} or multipart/form-data)`,
  );
}

/** A BLOB_BATCH_TYPE body: the photos its header names, one after another, each a view of the one body read. */
async function readConcatenated(c: Context<AppEnv>): Promise<BatchPhoto[]> {
  // Read first (the body limit bounds it): a refusal before the body is read cuts the connection under the tablet.
  const body = new Uint8Array(await c.req.arrayBuffer());
  const named = batchPhotosHeaderSchema.safeParse(c.req.header(BLOB_BATCH_PHOTOS_HEADER) ?? '');
  if (!named.success) {
    throw new ApiError(
      400,
      'bad_request',
      `${BLOB_BATCH_PHOTOS_HEADER} 应逐个写明文件的 SHA-256、字节数和类型 (the header names each file: SHA-256, size, type)`,
    );
  }
  const photos = checkBatch(named.data.map((p) => ({ name: p.sha256, type: p.mime, size: p.size })));
  if (body.byteLength !== named.data.reduce((n, p) => n + p.size, 0)) {
    throw new ApiError(400, 'bad_request', '请求内容与声明的文件大小不符 (the body does not hold the files the header names)');
  }
  let offset = 0;
  return photos.map((p, i) => {
    const bytes = body.subarray(offset, offset + named.data[i]!.size);
    offset += bytes.byteLength;
    return { ...p, bytes };
  });
}

/** A multipart/form-data body, each part a whole photo named by its SHA-256. */
async function readMultipart(c: Context<AppEnv>): Promise<BatchPhoto[]> {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new ApiError(400, 'bad_request', '批量上传内容无法解析 (malformed multipart body)');
  }
  const files = [...form.entries()].map(([name, value]) => {
    if (typeof value === 'string') throw notNamedFiles();
    return { name, value };
  });
  const photos = checkBatch(files.map(({ name, value }) => ({ name, type: value.type, size: value.size })));
  return Promise.all(photos.map(async (p, i) => ({ ...p, bytes: new Uint8Array(await files[i]!.value.arrayBuffer()) })));
}

const notNamedFiles = () =>
  new ApiError(
    400,
    'bad_request',
    '每个部分应是以 SHA-256 命名的文件，且不重复 (each part is a file named by its SHA-256, once)',
  );

/** What every batch must be, whatever its form: 1 to BLOB_BATCH_MAX photos, each named by its own hash, of a type and size an upload may have. */
function checkBatch(parts: { name: string; type: string; size: number }[]): { sha256: string; mime: string }[] {
  if (parts.length === 0 || parts.length > BLOB_BATCH_MAX) {
    throw new ApiError(400, 'bad_request', `一批应有 1 至 ${BLOB_BATCH_MAX} 个文件 (a batch holds 1 to ${BLOB_BATCH_MAX} files)`);
  }
  const seen = new Set<string>();
  let total = 0;
  return parts.map(({ name, type, size }) => {
    const sha256 = sha256Schema.safeParse(name);
    if (!sha256.success || seen.has(sha256.data)) throw notNamedFiles();
    const mime = attachmentMimeSchema.safeParse(type.split(';')[0]?.trim());
    if (!mime.success) throw new ApiError(415, 'bad_request', '只接受 JPEG、PNG 或 PDF 文件 (unsupported content type)');
    if (size === 0) throw new ApiError(400, 'bad_request', '文件为空 (empty file)');
    if (size > BLOB_CHUNK_BYTES) {
      throw new ApiError(
        413,
        'payload_too_large',
        `批量中的文件不得超过 ${BLOB_CHUNK_BYTES} 字节 (a batched file fits in one chunk)`,
      );
    }
    total += size;
    if (total > BLOB_BATCH_BYTES) {
      throw new ApiError(413, 'payload_too_large', `一批不得超过 ${BLOB_BATCH_BYTES} 字节 (batch too large)`);
    }
    seen.add(sha256.data);
    return { sha256: sha256.data, mime: mime.data };
  });
}

import { BLOB_CHUNK_BYTES } from '@daiban/schemas';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { AppConfig, AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { requireProtocol } from './protocol.ts';
import { authRoutes } from './routes/auth.ts';
import { blobRoutes } from './routes/blobs.ts';
import { caseRoutes } from './routes/cases.ts';
import { conflictRoutes } from './routes/conflicts.ts';
import { deviceRoutes } from './routes/devices.ts';
import { followupRoutes } from './routes/followups.ts';
import { healthRoutes } from './routes/health.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { reportRoutes } from './routes/reports.ts';
import { syncRoutes } from './routes/sync.ts';
import { mountStatic } from './static.ts';

/** JSON bodies (push batches) above this are refused before they are read; blob chunks have their own limit. */
const JSON_BODY_LIMIT = 4 * 1024 * 1024;

export function createApp(config: AppConfig): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', secureHeaders());
  app.use('*', async (c, next) => {
    c.set('db', config.db);
    c.set('config', config);
    await next();
  });

  app.route('/api/health', healthRoutes);
  const api = new Hono<AppEnv>();
  api.use('*', requireProtocol);
  api.use('/auth/*', limit(JSON_BODY_LIMIT));
  api.use('/sync/*', limit(JSON_BODY_LIMIT));
  api.use('/cases/*', limit(JSON_BODY_LIMIT));
  api.use('/conflicts/*', limit(JSON_BODY_LIMIT));
  api.use('/followups/*', limit(JSON_BODY_LIMIT));
  api.use('/blobs/*', limit(BLOB_CHUNK_BYTES));
  api.route('/auth', authRoutes);
  api.route('/sync', syncRoutes);
  api.route('/blobs', blobRoutes);
  api.route('/cases', caseRoutes);
  api.route('/conflicts', conflictRoutes);
  api.route('/devices', deviceRoutes);
  api.route('/ledger', ledgerRoutes);
  api.route('/followups', followupRoutes);
  api.route('/reports', reportRoutes);
  app.route('/api', api);
  app.all('/api/*', () => {
    throw new ApiError(404, 'not_found', '没有这个接口 (no such API route)');
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status);
    // The client went away in the middle of its body (a village link dropping): nothing was written.
    if (error instanceof Error && (error.message === 'aborted' || (error as { code?: string }).code === 'ECONNRESET')) {
      return c.json(new ApiError(400, 'bad_request', '请求未传完 (request body incomplete)').toBody(), 400);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(new ApiError(error.status, 'bad_request', error.message || 'bad request').toBody(), error.status);
    }
    console.error(`unhandled error on ${c.req.method} ${c.req.routePath}:`, error instanceof Error ? error.stack : error);
    return c.json(new ApiError(500, 'internal', '服务器内部错误 (internal error)').toBody(), 500);
  });

  if (config.staticDir) mountStatic(app, config.staticDir);
  return app;
}

/** Refuses a request body over `maxSize` bytes before it is read. */
function limit(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `请求内容超过 ${maxSize} 字节 (request body too large)`);
    },
  });
}

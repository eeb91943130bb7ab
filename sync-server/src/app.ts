import { BLOB_BATCH_BYTES, BLOB_CHUNK_BYTES, JSON_BODY_LIMIT } from '@daiban/schemas';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { requireSignedIn } from './auth/middleware.ts';
import type { AppConfig, AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { requestLog, silentLogger } from './log.ts';
import { requireProtocol } from './protocol.ts';
import { addressRateLimit, passwordChangeRateLimit, signInCounts, signInRateLimit } from './rate-limits.ts';
import { accountRoutes } from './routes/accounts.ts';
import { authRoutes } from './routes/auth.ts';
import { BATCH_FRAMING_BYTES, blobRoutes } from './routes/blobs.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { caseRoutes } from './routes/cases.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { conflictRoutes } from './routes/conflicts.ts';
import { countyRoutes } from './routes/county.ts';
import { countyCatalogRoutes } from './routes/county-catalog.ts';
import { countyReportRoutes } from './routes/county-reports.ts';
import { deviceKeyRoutes } from './routes/device-keys.ts';
import { deviceRoutes } from './routes/devices.ts';
import { followupRoutes } from './routes/followups.ts';
import { handoverRoutes } from './routes/handovers.ts';
import { healthRoutes } from './routes/health.ts';
import { AUTH_BODY_LIMIT } from './routes/json-body.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { reportRoutes } from './routes/reports.ts';
import { spotCheckRoutes } from './routes/spot-checks.ts';
import { syncRoutes } from './routes/sync.ts';
import { villageRoutes } from './routes/villages.ts';
import { mountStatic } from './static.ts';

/**
 * Everything the server sends carries these headers. The PWA loads nothing from elsewhere: scripts,
 * styles and the service worker come from this origin only (no inline code), photos shown from
 * IndexedDB are blob: URLs, and no page may frame it.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'blob:', 'data:'],
    mediaSrc: ["'self'", 'blob:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  permissionsPolicy: { camera: ['self'], geolocation: ['self'], microphone: [] as string[] },
  referrerPolicy: 'no-referrer',
  // Sent only over HTTPS (below): over plain HTTP on a township LAN it would mean nothing, and a
  // proxy that ends TLS sets its own (docs/operations.md).
  strictTransportSecurity: false as const,
};

const HSTS = 'max-age=31536000';

export function createApp(config: AppConfig): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const logger = config.logger ?? silentLogger;
  app.use('*', secureHeaders(SECURITY_HEADERS));
  app.use('*', async (c, next) => {
    await next();
    if (new URL(c.req.url).protocol === 'https:') c.header('Strict-Transport-Security', HSTS);
  });
  app.use('*', async (c, next) => {
    c.set('db', config.db);
    c.set('config', config);
    await next();
  });

  app.route('/api/health', healthRoutes);
  const api = new Hono<AppEnv>();
  api.use('*', requestLog(logger));
  // Answers hold personal data (cases, villagers, photos): no browser or proxy cache keeps them.
  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  // Pulled pages travel gzipped when the client accepts it (browsers always do): a page of a thousand
  // cases shrinks tenfold and more, which on a village link is most of a new tablet's first sync.
  // Other answers are small; compressing them would cost the server more than it saves the link.
  api.use('/sync/pull', compress());
  api.use('*', requireProtocol);
  // Before authentication: the address budget reads nothing, the body is small before anything
  // parses it, and only then the per-account limiter reads the name.
  api.use('/auth/login', addressRateLimit());
  api.use('/auth/enrol', addressRateLimit());
  api.use('/auth/unlock', addressRateLimit());
  api.use('/auth/password', addressRateLimit());
  api.use('/auth/*', limit(AUTH_BODY_LIMIT));
  const counts = signInCounts();
  api.use('/auth/login', signInRateLimit(counts));
  api.use('/auth/password', requireSignedIn(), passwordChangeRateLimit(counts));
  api.use('/auth/enrol', signInRateLimit());
  api.use('/sync/*', limit(JSON_BODY_LIMIT));
  api.use('/cases/*', limit(JSON_BODY_LIMIT));
  api.use('/conflicts/*', limit(JSON_BODY_LIMIT));
  api.use('/followups/*', limit(JSON_BODY_LIMIT));
  api.use('/handovers/*', limit(JSON_BODY_LIMIT));
  api.use('/catalog/*', limit(JSON_BODY_LIMIT));
  api.use('/accounts/*', limit(JSON_BODY_LIMIT));
  api.use('/devices/*', limit(JSON_BODY_LIMIT));
  api.use('/calendar/*', limit(JSON_BODY_LIMIT));
  api.use('/spot-checks/*', limit(JSON_BODY_LIMIT));
  api.use('/blobs/batch', limit(BLOB_BATCH_BYTES + BATCH_FRAMING_BYTES, true));
  api.use('/blobs/:sha256/chunks', limit(BLOB_CHUNK_BYTES));
  api.route('/auth', authRoutes);
  api.route('/auth', deviceKeyRoutes);
  api.route('/sync', syncRoutes);
  api.route('/blobs', blobRoutes);
  api.route('/villages', villageRoutes);
  api.route('/cases', caseRoutes);
  api.route('/conflicts', conflictRoutes);
  api.route('/devices', deviceRoutes);
  api.route('/ledger', ledgerRoutes);
  api.route('/followups', followupRoutes);
  api.route('/handovers', handoverRoutes);
  api.route('/catalog', catalogRoutes);
  api.route('/accounts', accountRoutes);
  api.route('/calendar', calendarRoutes);
  api.route('/spot-checks', spotCheckRoutes);
  api.route('/reports', reportRoutes);
  api.route('/county', countyRoutes);
  api.route('/county/catalog', countyCatalogRoutes);
  api.route('/county/reports', countyReportRoutes);
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
    logger.error({ err: error, method: c.req.method, route: c.req.routePath }, 'unhandled error');
    return c.json(new ApiError(500, 'internal', '服务器内部错误 (internal error)').toBody(), 500);
  });

  if (config.staticDir) mountStatic(app, config.staticDir);
  return app;
}

/**
 * Refuses a request body over `maxSize` bytes (413) before it is read. A body that declares its
 * length is judged by that header alone: Hono's bodyLimit opens the request's web stream to check
 * it, and @hono/node-server then reads the body through web streams instead of straight from Node's
 * request (for a photo batch of 4 MiB, a fifth more of the server's CPU, most of it collecting
 * garbage). A body that declares none is counted as it arrives, or refused (411) where the route
 * requires a declared length.
 */
function limit(maxSize: number, lengthRequired = false): MiddlewareHandler<AppEnv> {
  const tooLarge = () => new ApiError(413, 'payload_too_large', `请求内容超过 ${maxSize} 字节 (request body too large)`);
  const counted = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const declared = c.req.header('transfer-encoding') === undefined ? c.req.header('content-length') : undefined;
    if (declared === undefined) {
      if (lengthRequired) {
        throw new ApiError(411, 'bad_request', '请求须声明内容长度 (the request must declare its Content-Length)');
      }
      return counted(c, next);
    }
    if (Number(declared) > maxSize) throw tooLarge();
    await next();
  };
}

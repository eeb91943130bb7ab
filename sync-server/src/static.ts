import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './context.ts';

/**
 * Serves the built PWA from the API's origin. The service worker and the page shell are
 * never cached by HTTP (the worker itself caches); hashed assets are immutable. Unknown
 * non-API paths get index.html so client-side routes survive a reload.
 */
export function mountStatic(app: Hono<AppEnv>, staticDir: string): void {
  const root = relative(process.cwd(), staticDir) || '.';
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', async (c, next) => {
    await next();
    if (c.res.ok && !c.req.path.startsWith('/assets/')) c.header('cache-control', 'no-cache');
  });
  app.use('*', serveStatic({ root }));
  const indexFile = join(staticDir, 'index.html');
  app.get('*', (c) => {
    if (!existsSync(indexFile)) return c.text('客户端尚未构建 (client not built): run npm run build', 503);
    return c.html(readFileSync(indexFile, 'utf8'));
  });
}

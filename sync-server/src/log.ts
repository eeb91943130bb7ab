import type { MiddlewareHandler } from 'hono';
import { type Logger, pino } from 'pino';
import type { AppEnv } from './context.ts';
import type { Principal } from './db/index.ts';

export type { Logger };

/**
 * The server's structured log (JSON lines). It never holds personal data: requests are logged
 * by route pattern (`/api/cases/:id`), never by URL, with account and device ids only; fields that
 * would carry a villager's name, ID number or phone are redacted should one ever be logged.
 */
export function createLogger(destination?: string): Logger {
  return pino(
    {
      base: { service: 'daiban-sync' },
      redact: {
        paths: ['name', 'idNumber', 'phone', 'authorization', '*.name', '*.idNumber', '*.phone', '*.authorization'],
        censor: '[redacted]',
      },
    },
    destination ? pino.destination({ dest: destination, mkdir: true, sync: true }) : pino.destination(1),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });

/** One line per API request: route pattern, status, duration, who (by id). */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const who = c.get('principal') as Principal | undefined;
    logger.info({
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      ...(who ? { account: who.account.id, device: who.device.id } : {}),
    });
  };
}

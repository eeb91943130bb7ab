import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

const WINDOW_MINUTES = 15;
/** Failed attempts allowed per account and address in the window; successful sign-ins do not count. */
export const FAILED_SIGN_IN_LIMIT = 10;

/** The account a sign-in or enrolment names, read from the JSON body (Hono keeps it for the validator). */
async function accountNamed(c: Context<AppEnv>): Promise<string> {
  const body: unknown = await c.req.json().catch(() => undefined);
  return body && typeof body === 'object' && 'username' in body ? String(body.username).slice(0, 64) : '';
}

/**
 * Slows down password and code guessing: after FAILED_SIGN_IN_LIMIT wrong attempts for one account
 * from one address, further attempts are refused for the rest of the window. Each app has its own
 * counters (one process per township).
 */
export function signInRateLimit(): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: WINDOW_MINUTES * 60_000,
    limit: FAILED_SIGN_IN_LIMIT,
    standardHeaders: 'draft-6',
    skipSuccessfulRequests: true,
    keyGenerator: async (c) => `${getConnInfo(c).remote.address ?? '?'}|${await accountNamed(c)}`,
    handler: () => {
      throw new ApiError(
        429,
        'rate_limited',
        `尝试次数过多，请 ${WINDOW_MINUTES} 分钟后再试 (too many attempts, try again in ${WINDOW_MINUTES} minutes)`,
      );
    },
  });
}

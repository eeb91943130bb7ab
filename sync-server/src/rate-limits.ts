import { signInNameOf } from '@daiban/schemas';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, rateLimiter } from 'hono-rate-limiter';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { parseJson } from './routes/json-body.ts';

const WINDOW_MINUTES = 15;
/** Failed attempts allowed per account and address in the window; successful sign-ins do not count. */
export const FAILED_SIGN_IN_LIMIT = 10;
/** Failed attempts allowed per address in the window, whatever accounts they name. */
export const FAILED_ADDRESS_LIMIT = 30;
/** Wrong passwords allowed per device for a forgotten PIN (`/auth/confirm`) in the window. */
export const FAILED_CONFIRM_LIMIT = 5;

const addressOf = (c: Context<AppEnv>) => getConnInfo(c).remote.address ?? '?';

/** One limiter of failed attempts; successes never count. Each app has its own counters. */
function failedAttempts(
  limit: number,
  keyGenerator: (c: Context<AppEnv>) => string | Promise<string>,
  store?: MemoryStore<AppEnv>,
) {
  return rateLimiter<AppEnv>({
    ...(store ? { store } : {}),
    windowMs: WINDOW_MINUTES * 60_000,
    limit,
    standardHeaders: 'draft-6',
    skipSuccessfulRequests: true,
    keyGenerator,
    handler: () => {
      throw new ApiError(
        429,
        'rate_limited',
        `尝试次数过多，请 ${WINDOW_MINUTES} 分钟后再试 (too many attempts, try again in ${WINDOW_MINUTES} minutes)`,
      );
    },
  });
}

/**
 * Password and code guessing from one address, across every account it names. It reads nothing
 * of the request but its address, so it runs before the body is read.
 */
export function addressRateLimit(): MiddlewareHandler<AppEnv> {
  return failedAttempts(FAILED_ADDRESS_LIMIT, addressOf);
}

/**
 * Guessing one account's password or code: after FAILED_SIGN_IN_LIMIT wrong attempts for the
 * account from one address, further attempts are refused for the rest of the window. The account
 * is named as sign-in normalises it (signInNameOf), so no other spelling of it starts afresh.
 * Runs after the body size limit: the body it reads is small.
 */
export function signInRateLimit(store?: MemoryStore<AppEnv>): MiddlewareHandler<AppEnv> {
  return failedAttempts(
    FAILED_SIGN_IN_LIMIT,
    async (c) => {
      // A body nested too deep names no account here; the route's validator then refuses it.
      const body = await c.req
        .text()
        .then(parseJson)
        .catch(() => undefined);
      return `${addressOf(c)}|${signInNameOf(body)}`;
    },
    store,
  );
}

/** The counts signing in and changing a password share, so each may be given the other's. One per app. */
export function signInCounts(): MemoryStore<AppEnv> {
  return new MemoryStore<AppEnv>();
}

/**
 * Wrong current passwords at 修改密码 (`/auth/password`) count as wrong sign-ins of the account, in
 * the same counts as `/auth/login` (pass the same store): a stolen session cannot guess the password
 * faster than a stranger at the sign-in page. Runs after requireSignedIn, which names the account.
 */
export function passwordChangeRateLimit(store: MemoryStore<AppEnv>): MiddlewareHandler<AppEnv> {
  return failedAttempts(
    FAILED_SIGN_IN_LIMIT,
    (c) => `${addressOf(c)}|${signInNameOf({ username: c.var.caller.account.username })}`,
    store,
  );
}

/** Guessing the password of a signed-in device's account (forgotten PIN): counted per device. */
export function confirmRateLimit(): MiddlewareHandler<AppEnv> {
  return failedAttempts(FAILED_CONFIRM_LIMIT, (c) => c.var.principal.device.id);
}

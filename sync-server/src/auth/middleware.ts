import { DEVICE_CLOCK_HEADER, type Role, type TownshipRole } from '@daiban/schemas';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { type AppEnv, nowOf } from '../context.ts';
import { type Caller, deviceByTokenHash, principalByTokenHash, touchDevice } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { hashToken } from './tokens.ts';

/**
 * How long a device token stays valid without use. A village tablet may be offline for weeks (a
 * home-visit season, a broken link); a supervisor's browser session is a working day.
 */
export const TOKEN_IDLE_LIMIT_MS: Record<Role, number> = {
  agent: 90 * 24 * 3600_000,
  supervisor: 12 * 3600_000,
  admin: 12 * 3600_000,
  county_admin: 12 * 3600_000,
};

/** Lets through a township's people of the given roles (never the county administrator); sets `principal`. */
export function requireRole(...roles: TownshipRole[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const caller = await authenticate(c);
    if (caller.role === 'county_admin' || !roles.includes(caller.role)) throw forbidden();
    await touch(c, caller);
    c.set('principal', caller);
    await next();
  });
}

/** Lets through the county administrator only; sets `countyAdmin`. */
export function requireCountyAdmin() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const caller = await authenticate(c);
    if (caller.role !== 'county_admin') throw forbidden();
    await touch(c, caller);
    c.set('countyAdmin', caller);
    await next();
  });
}

/** Lets through anyone signed in, whatever the role (signing off); sets `caller`. */
export function requireSignedIn() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const caller = await authenticate(c);
    await touch(c, caller);
    c.set('caller', caller);
    await next();
  });
}

const forbidden = () => new ApiError(403, 'forbidden', '当前角色无权执行此操作 (role not allowed)');

/** Finds the caller from the `Authorization: Bearer <device token>` header; refuses unknown, revoked and idle tokens. */
async function authenticate(c: Context<AppEnv>): Promise<Caller> {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
  if (!match?.[1]) throw new ApiError(401, 'unauthorized', '缺少或无效的设备令牌 (missing or malformed device token)');
  const tokenHash = hashToken(match[1]);
  const caller = await principalByTokenHash(c.var.db, tokenHash);
  if (!caller) {
    // A device the township revoked is told so, so it keeps its data and stops retrying.
    const device = await deviceByTokenHash(c.var.db, tokenHash);
    if (device?.revokedAt && !device.goodbyeAt) {
      throw new ApiError(
        401,
        'device_revoked',
        '设备已被乡镇停用，未同步的数据仍保存在本机，请联系乡镇管理员 (device revoked by the township)',
      );
    }
    throw new ApiError(401, 'unauthorized', '设备令牌无效或已被撤销 (unknown or revoked device token)');
  }
  if (nowOf(c.var.config).getTime() - Date.parse(caller.lastContactAt) > TOKEN_IDLE_LIMIT_MS[caller.role]) {
    throw new ApiError(401, 'unauthorized', '登录已过期，请重新登录；本机未同步的内容仍保留 (session expired, sign in again)');
  }
  return caller;
}

/** Records that the device reached the server (and its clock's offset, when it sent it). */
async function touch(c: Context<AppEnv>, caller: Caller): Promise<void> {
  const now = nowOf(c.var.config);
  const deviceClock = Number(c.req.header(DEVICE_CLOCK_HEADER));
  await touchDevice(
    c.var.db,
    caller.device.id,
    now,
    Number.isFinite(deviceClock) ? Math.round(deviceClock - now.getTime()) : undefined,
  );
}

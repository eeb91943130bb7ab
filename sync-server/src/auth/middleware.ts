import { DEVICE_CLOCK_HEADER, type Role } from '@daiban/schemas';
import { createMiddleware } from 'hono/factory';
import { type AppEnv, nowOf } from '../context.ts';
import { deviceByTokenHash, principalByTokenHash, touchDevice } from '../db/index.ts';
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
};

/** Finds the caller from the `Authorization: Bearer <device token>` header and checks the role. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!match?.[1]) throw new ApiError(401, 'unauthorized', '缺少或无效的设备令牌 (missing or malformed device token)');
    const tokenHash = hashToken(match[1]);
    const principal = await principalByTokenHash(c.var.db, tokenHash);
    if (!principal) {
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
    const now = nowOf(c.var.config);
    if (now.getTime() - Date.parse(principal.lastContactAt) > TOKEN_IDLE_LIMIT_MS[principal.role]) {
      throw new ApiError(401, 'unauthorized', '登录已过期，请重新登录；本机未同步的内容仍保留 (session expired, sign in again)');
    }
    if (!roles.includes(principal.role)) throw new ApiError(403, 'forbidden', '当前角色无权执行此操作 (role not allowed)');
    const deviceClock = Number(c.req.header(DEVICE_CLOCK_HEADER));
    await touchDevice(
      c.var.db,
      principal.device.id,
      now,
      Number.isFinite(deviceClock) ? Math.round(deviceClock - now.getTime()) : undefined,
    );
    c.set('principal', principal);
    await next();
  });
}

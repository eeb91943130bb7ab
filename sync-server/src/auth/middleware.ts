import type { Role } from '@daiban/schemas';
import { createMiddleware } from 'hono/factory';
import { type AppEnv, nowOf } from '../context.ts';
import { deviceByTokenHash, principalByTokenHash, touchDevice } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { hashToken } from './tokens.ts';

/** Finds the caller from the `Authorization: Bearer <device token>` header and checks the role. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!match?.[1]) throw new ApiError(401, 'unauthorized', '缺少或无效的设备令牌 (missing or malformed device token)');
    const tokenHash = hashToken(match[1]);
    const principal = principalByTokenHash(c.var.db, tokenHash);
    if (!principal) {
      // A device the township revoked is told so, so it keeps its data and stops retrying.
      const device = deviceByTokenHash(c.var.db, tokenHash);
      if (device?.revokedAt && !device.goodbyeAt) {
        throw new ApiError(
          401,
          'device_revoked',
          '设备已被乡镇停用，未同步的数据仍保存在本机，请联系乡镇管理员 (device revoked by the township)',
        );
      }
      throw new ApiError(401, 'unauthorized', '设备令牌无效或已被撤销 (unknown or revoked device token)');
    }
    if (!roles.includes(principal.role)) throw new ApiError(403, 'forbidden', '当前角色无权执行此操作 (role not allowed)');
    touchDevice(c.var.db, principal.device.id, nowOf(c.var.config));
    c.set('principal', principal);
    await next();
  });
}

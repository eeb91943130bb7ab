import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@daiban/schemas';
import { createMiddleware } from 'hono/factory';
import { type AppEnv, minProtocolOf } from './context.ts';
import { ApiError } from './errors.ts';

/** Every API request names its protocol version; a too-old client is told to update. */
export const requireProtocol = createMiddleware<AppEnv>(async (c, next) => {
  const raw = c.req.header(PROTOCOL_HEADER);
  const version = Number(raw);
  if (!raw || !Number.isInteger(version)) {
    throw new ApiError(400, 'protocol_unknown', `缺少协议版本头 ${PROTOCOL_HEADER} (missing protocol version header)`);
  }
  if (version < minProtocolOf(c.var.config)) {
    throw new ApiError(
      426,
      'protocol_too_old',
      '请更新应用：此版本已不能与乡镇服务器同步 (client protocol too old: update the app)',
    );
  }
  if (version > PROTOCOL_VERSION) {
    throw new ApiError(400, 'protocol_unknown', '服务器版本过旧，请联系乡镇管理员升级 (server older than client)');
  }
  await next();
});

import { MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@daiban/schemas';
import { createMiddleware } from 'hono/factory';
import { ApiError } from './errors.ts';

/** Every API request names its protocol version; a too-old client is told to update. */
export const requireProtocol = createMiddleware(async (c, next) => {
  const raw = c.req.header(PROTOCOL_HEADER);
  const version = Number(raw);
  if (!raw || !Number.isInteger(version)) {
    throw new ApiError(400, 'protocol_unknown', `缺少协议版本头 ${PROTOCOL_HEADER} (missing protocol version header)`);
  }
  if (version < MIN_PROTOCOL_VERSION) {
    throw new ApiError(426, 'protocol_too_old', '应用版本过旧，请联网更新后再同步 (client protocol too old: update the app)');
  }
  if (version > PROTOCOL_VERSION) {
    throw new ApiError(400, 'protocol_unknown', '服务器版本过旧，请联系乡镇管理员升级 (server older than client)');
  }
  await next();
});

import { gunzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { ApiError } from '../errors.ts';

/** JSON bodies (push batches) above this are refused, as sent and unpacked; blob chunks have their own limit. */
export const JSON_BODY_LIMIT = 4 * 1024 * 1024;
/** Sign-in and enrolment bodies (a name, a password, a device name) are tiny; anything bigger is refused unread. */
export const AUTH_BODY_LIMIT = 16 * 1024;

/**
 * Reads a JSON body the tablet may have gzipped (`Content-Encoding: gzip`): a push batch is
 * repetitive JSON that shrinks several times, and it travels over a slow village link. Unpacking
 * stops at the same limit as a plain body, so a small bomb cannot fill the server's memory.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const raw = Buffer.from(await c.req.arrayBuffer());
  const encoding = c.req.header('content-encoding')?.trim().toLowerCase() ?? 'identity';
  let text: string;
  if (encoding === 'identity') {
    text = raw.toString('utf8');
  } else if (encoding === 'gzip') {
    try {
      text = gunzipSync(raw, { maxOutputLength: JSON_BODY_LIMIT }).toString('utf8');
    } catch (error) {
      if (error instanceof RangeError) {
        throw new ApiError(413, 'payload_too_large', `解压后的请求内容超过 ${JSON_BODY_LIMIT} 字节 (request body too large)`);
      }
      throw new ApiError(400, 'bad_request', '请求内容不是有效的 gzip (malformed gzip body)');
    }
  } else {
    throw new ApiError(415, 'bad_request', '只接受 gzip 压缩的请求内容 (unsupported content encoding)');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad_request', '请求内容不是有效的 JSON (malformed JSON)');
  }
}

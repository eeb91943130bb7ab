import { gunzipSync } from 'node:zlib';
import { JSON_BODY_LIMIT } from '@daiban/schemas';
import type { Context } from 'hono';
import { ApiError } from '../errors.ts';

/** Sign-in and enrolment bodies (a name, a password, a device name) are tiny; anything bigger is refused unread. */
export const AUTH_BODY_LIMIT = 16 * 1024;
/**
 * Arrays and objects nested deeper than this are refused before any parsing. The protocol's own
 * bodies nest about ten deep (a push: batch, mutation, case, material, attachment); a body of
 * nothing but `[[[[…` up to JSON_BODY_LIMIT would cost JSON.parse about half a second of the one
 * thread every request waits on.
 */
export const JSON_DEPTH_LIMIT = 64;

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
  return parseJson(text);
}

/** Parses a JSON body, refusing one nested deeper than JSON_DEPTH_LIMIT unparsed (400 validation_failed). */
export function parseJson(text: string): unknown {
  refuseDeepJson(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad_request', '请求内容不是有效的 JSON (malformed JSON)');
  }
}

/** Refuses a JSON text nested deeper than JSON_DEPTH_LIMIT; every JSON body passes here before it is parsed. */
export function refuseDeepJson(text: string): void {
  if (nestsDeeperThan(text, JSON_DEPTH_LIMIT)) {
    throw new ApiError(
      400,
      'validation_failed',
      `请求内容嵌套超过 ${JSON_DEPTH_LIMIT} 层 (JSON nested deeper than ${JSON_DEPTH_LIMIT} levels)`,
    );
  }
}

/**
 * Whether a JSON text nests arrays and objects deeper than `limit`: one pass counting `[` and `{`
 * outside strings, stopping at the first level too deep, so it costs a few milliseconds where
 * parsing costs hundreds. For valid JSON the count is exact; a text that is not valid JSON fails
 * to parse no later than where the count stops being meaningful.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === BACKSLASH) i++;
      else if (ch === QUOTE) inString = false;
    } else if (ch === QUOTE) {
      inString = true;
    } else if (ch === OPEN_ARRAY || ch === OPEN_OBJECT) {
      depth++;
      if (depth > limit) return true;
    } else if (ch === CLOSE_ARRAY || ch === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

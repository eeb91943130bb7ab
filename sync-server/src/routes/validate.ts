import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError, issuesOf } from '../errors.ts';
import { refuseDeepJson } from './json-body.ts';

/**
 * zValidator whose failures become the one error body (400 validation_failed, with the issues). A
 * JSON body is first checked for its nesting depth (json-body.ts), before anything parses it; Hono
 * keeps the text it read, so the validator parses that text without reading the body again.
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const validator = zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new ApiError(400, 'validation_failed', `请求内容不符合要求 (invalid ${target})`, issuesOf(result.error));
    }
  });
  if (target !== 'json') return validator;
  const checked: typeof validator = async (c, next) => {
    refuseDeepJson(await c.req.text());
    return validator(c, next);
  };
  return checked;
}

import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError, issuesOf } from '../errors.ts';

/** zValidator whose failures become the one error body (400 validation_failed, with the issues). */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new ApiError(400, 'validation_failed', `请求内容不符合要求 (invalid ${target})`, issuesOf(result.error));
    }
  });
}

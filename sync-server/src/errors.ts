import type { ErrorBody, ErrorReason } from '@daiban/schemas';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error with a machine-readable reason; app.onError turns it into the one error body. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly reason: ErrorReason,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { reason: this.reason, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

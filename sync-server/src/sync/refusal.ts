import type { ErrorReason } from '@daiban/schemas';

/** Thrown while applying a mutation that can never apply; its writes roll back, the queue moves on. */
export class Refusal extends Error {
  constructor(
    readonly reason: ErrorReason,
    message: string,
  ) {
    super(message);
  }
}

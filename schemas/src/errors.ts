import { z } from 'zod';

/** Machine-readable reasons shared by HTTP errors and refused mutations. */
export const errorReasonSchema = z.enum([
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'protocol_too_old',
  'protocol_unknown',
  'payload_too_large',
  'hash_mismatch',
  'invalid_transition',
  'duplicate_id_number',
  'out_of_order',
  'device_reset',
  'rate_limited',
  'internal',
  'already_exists',
  'stale_version',
  'device_revoked',
  /** A required or flagged material is missing and no reason was given (容缺受理, 补正). */
  'materials_missing',
  /** A pull cursor past the ledger's head: the ledger was restored from a backup; pull again from 0. */
  'cursor_ahead',
  /** A wrong PIN at unlock (the server counts them: PIN_PROOF_ATTEMPTS). */
  'wrong_pin',
  /** Too many wrong PINs, or none registered: the device opens with the account password only. */
  'pin_disabled',
  /** The device's uploads that no case references yet would pass its quota: push the cases first. */
  'blob_quota_exceeded',
]);
export type ErrorReason = z.infer<typeof errorReasonSchema>;

/** The one error body every API failure answers with. */
export const errorBodySchema = z.object({
  error: z.object({
    reason: errorReasonSchema,
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

import { z } from 'zod';
import { priorEnrolmentSchema } from './device-health.ts';
import { accountSchema, countySchema, deviceSchema, townshipSchema, villageSchema } from './org.ts';

/**
 * The account name as typed at sign-in or enrolment, normalised once (spaces around it, upper
 * case): the rate limiter counts attempts by this same name, so no spelling gets a fresh budget.
 */
export const signInNameSchema = z.string().trim().toLowerCase().min(1).max(60);

/** `signInNameSchema` of whatever a request body holds as its username ('' when it holds none). */
export function signInNameOf(body: unknown): string {
  const raw = body && typeof body === 'object' && 'username' in body ? body.username : undefined;
  return signInNameSchema.safeParse(raw).data ?? '';
}

export const loginRequestSchema = z.object({
  username: signInNameSchema,
  password: z.string().min(1).max(200),
  deviceName: z.string().trim().min(1).max(60),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** An enrolled device's user proves again who they are (forgotten PIN): the enrolment and its data stay. */
export const passwordConfirmSchema = z.object({ password: z.string().min(1).max(200) });
export type PasswordConfirm = z.infer<typeof passwordConfirmSchema>;

/** Signing in enrols the device: the token is shown once and kept on the device. */
export const sessionSchema = z.object({
  token: z.string(),
  device: deviceSchema,
  account: accountSchema,
  /** The account's township; null for a county administrator. */
  township: townshipSchema.nullable(),
  /** The county the township belongs to (null for a township on its own), or the county administrator's. */
  county: countySchema.nullable(),
  village: villageSchema.nullable(),
  /** Other enrolments of this account that never signed off, with what the ledger last had from each. */
  priorEnrolments: z.array(priorEnrolmentSchema),
});
export type Session = z.infer<typeof sessionSchema>;

/** 32 bytes, base64: what the tablet derives from its PIN to prove it (never the PIN, never the key). */
export const pinProofSchema = z.base64().refine((s) => s.length === 44, '32 bytes');

/** The tablet registers a new PIN's proof; the answer is the key share its data key is wrapped with. */
export const pinRegistrationSchema = z.object({ proof: pinProofSchema });
export type PinRegistration = z.infer<typeof pinRegistrationSchema>;

/**
 * Unlocking after a start of the app: the device (named, since its token is sealed until then)
 * proves its PIN and receives its key share. Wrong proofs are counted on the server.
 */
export const pinUnlockSchema = z.object({ deviceId: z.uuid(), proof: pinProofSchema });
export type PinUnlock = z.infer<typeof pinUnlockSchema>;

export const keyShareSchema = z.object({ keyShare: z.base64() });
export type KeyShare = z.infer<typeof keyShareSchema>;

/** Wrong PIN proofs a device may send before its PIN stops opening it (the password still does). */
export const PIN_PROOF_ATTEMPTS = 10;

import { z } from 'zod';
import { priorEnrolmentSchema } from './device-health.ts';
import { accountSchema, deviceSchema, townshipSchema, villageSchema } from './org.ts';

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
  township: townshipSchema,
  village: villageSchema.nullable(),
  /** Other enrolments of this account that never signed off, with what the ledger last had from each. */
  priorEnrolments: z.array(priorEnrolmentSchema),
});
export type Session = z.infer<typeof sessionSchema>;

import { z } from 'zod';
import { priorEnrolmentSchema } from './device-health.ts';
import { accountSchema, deviceSchema, townshipSchema, villageSchema } from './org.ts';

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(60),
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

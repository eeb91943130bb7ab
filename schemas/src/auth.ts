import { z } from 'zod';
import { priorEnrolmentSchema } from './device-health.ts';
import { accountSchema, deviceSchema, townshipSchema, villageSchema } from './org.ts';

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(60),
  password: z.string().min(1).max(200),
  deviceName: z.string().trim().min(1).max(60),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

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

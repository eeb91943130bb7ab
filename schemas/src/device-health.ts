import { z } from 'zod';

/** A device as the township sees it: when it was last heard from and whether its queue moves. */
export const deviceHealthSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  accountName: z.string(),
  villageName: z.string().nullable(),
  enrolledAt: z.string(),
  lastContactAt: z.string().nullable(),
  lastPushAt: z.string().nullable(),
  /** The last device sequence number the ledger acknowledged. */
  lastSeq: z.number().int(),
  pushFailures: z.number().int(),
  lastPushError: z.string().nullable(),
  resetDetectedAt: z.string().nullable(),
  goodbyeAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Not heard from for more than a day, and never signed off. */
  silent: z.boolean(),
  /** Its pushes have failed several times in a row. */
  stuck: z.boolean(),
  /** The device's own clock minus the server's at its last contact, in ms; null before it said. */
  clockSkewMs: z.number().int().nullable(),
  /** Its clock is off by more than CLOCK_WRONG_AFTER_MS (its records are still dated by the server's). */
  clockWrong: z.boolean(),
});
export type DeviceHealth = z.infer<typeof deviceHealthSchema>;

export const deviceListSchema = z.object({ devices: z.array(deviceHealthSchema) });

/** Another enrolment of the same account that never signed off: shown to the agent at sign-in. */
export const priorEnrolmentSchema = z.object({
  code: z.string(),
  name: z.string(),
  enrolledAt: z.string(),
  lastContactAt: z.string().nullable(),
  lastSeq: z.number().int(),
});
export type PriorEnrolment = z.infer<typeof priorEnrolmentSchema>;

/** A device that pushed too many times without success is "stuck". */
export const STUCK_AFTER_FAILURES = 3;
/** A device whose own clock is off by more than this is shown as having a wrong clock, to it and to the township. */
export const CLOCK_WRONG_AFTER_MS = 5 * 60_000;
/** A device not heard from for this long is "silent". */
export const SILENT_AFTER_MS = 24 * 3600_000;

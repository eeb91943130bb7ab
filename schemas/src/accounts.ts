import { z } from 'zod';
import { signInNameSchema } from './auth.ts';
import { accountSchema, postSchema, villageSchema } from './org.ts';

/** Lower-case letters, digits, `-` and `_`: typed on a tablet keyboard without surprises. */
export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{2,39}$/, '用户名为 3–40 个小写字母、数字、- 或 _ (3–40 lower-case letters, digits, - or _)');

export const newPasswordSchema = z.string().min(8, '密码至少 8 位 (at least 8 characters)').max(200);

/**
 * 修改密码: any signed-in account changes its own password. The current one is checked like a
 * sign-in; the new one must be a valid password and not the current one.
 */
export const passwordChangeSchema = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: newPasswordSchema })
  .refine((x) => x.newPassword !== x.currentPassword, {
    path: ['newPassword'],
    message: '新密码不能与当前密码相同 (the new password must differ from the current one)',
  });
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/** Who an account is: the fields every new account has. */
export const personFields = {
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(40),
  phone: z
    .string()
    .trim()
    .regex(/^[\d-]{7,20}$/, '请填写电话号码 (phone number)'),
};

/**
 * A new agent (a village and an A/B post) or supervisor. A supervisor signs in with the
 * initial password; an agent may get none and set one when enrolling a tablet with a code.
 */
export const createAccountRequestSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('agent'),
    ...personFields,
    villageId: z.string().min(1),
    post: postSchema,
    password: newPasswordSchema.optional(),
  }),
  z.object({ role: z.literal('supervisor'), ...personFields, password: newPasswordSchema }),
]);
export type CreateAccountRequest = z.infer<typeof createAccountRequestSchema>;

/** An account as the admin sees it: never a password or its hash. */
export const accountListingSchema = accountSchema.extend({
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  hasPassword: z.boolean(),
});
export type AccountListing = z.infer<typeof accountListingSchema>;

/** The township's accounts, and its villages (to name them and to create agents in them). */
export const accountListSchema = z.object({ accounts: z.array(accountListingSchema), villages: z.array(villageSchema) });
export type AccountList = z.infer<typeof accountListSchema>;

/** Enrolment codes use letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L). */
export const ENROLMENT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ENROLMENT_CODE_LENGTH = 8;
/** A code works once, within this time of being issued. */
export const ENROLMENT_CODE_TTL_MS = 24 * 3600_000;

/** The code as typed: any case, with or without the spaces and dashes it is shown with. */
export function normalizeEnrolmentCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** A one-time code for an agent's tablet, shown to the admin once; the server keeps only its hash. */
export const enrolmentCodeSchema = z.object({ code: z.string(), expiresAt: z.iso.datetime() });
export type EnrolmentCode = z.infer<typeof enrolmentCodeSchema>;

/**
 * Enrolling a tablet with a code instead of a password. `newPassword` is required when the
 * account has no password yet and, when given, becomes the account's password.
 */
export const enrolRequestSchema = z.object({
  username: signInNameSchema,
  code: z.string().trim().min(1).max(30),
  deviceName: z.string().trim().min(1).max(60),
  newPassword: newPasswordSchema.optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const revokeDeviceResponseSchema = z.object({ revokedAt: z.string() });

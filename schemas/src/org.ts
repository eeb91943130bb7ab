import { z } from 'zod';

export const roleSchema = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export const townshipSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  phone: z.string(),
  address: z.string(),
});
export type Township = z.infer<typeof townshipSchema>;

export const villageSchema = z.object({
  id: z.string(),
  townshipId: z.string(),
  code: z.string().regex(/^[A-Z]{2,4}$/),
  name: z.string(),
});
export type Village = z.infer<typeof villageSchema>;

export const accountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  phone: z.string(),
  townshipId: z.string(),
  villageId: z.string().nullable(),
});
export type Account = z.infer<typeof accountSchema>;

export const deviceSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
});
export type Device = z.infer<typeof deviceSchema>;

import { z } from 'zod';

/**
 * A village's agent, the township's supervisor and admin, and the county administrator (县级管理员),
 * who creates townships and their admins, keeps the county catalog and reads the county's reports.
 */
export const roleSchema = z.enum(['agent', 'supervisor', 'admin', 'county_admin']);
export type Role = z.infer<typeof roleSchema>;
/** The roles of a township's people: every route of a township's work is for one of these. */
export type TownshipRole = Exclude<Role, 'county_admin'>;

/**
 * Whose devices each role may revoke: the admin any device of the township, a supervisor only the
 * village agents' tablets (never the admin's or another supervisor's), an agent none.
 */
export const REVOCABLE_BY: Record<Role, readonly Role[]> = {
  admin: ['agent', 'supervisor', 'admin'],
  supervisor: ['agent'],
  agent: [],
  county_admin: [],
};

/** A county (县): its townships share one server, and the county catalog reaches all of them. */
export const countySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
});
export type County = z.infer<typeof countySchema>;

export const townshipSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  phone: z.string(),
  address: z.string(),
});
export type Township = z.infer<typeof townshipSchema>;

/**
 * A village's code: 2–4 capital letters. Case numbers begin with it (DXG-T01-20261120-0001), so it is
 * unique on the whole server, not only in its township.
 */
export const villageCodeSchema = z.string().regex(/^[A-Z]{2,4}$/, '村代码为 2–4 个大写字母 (2–4 capital letters)');

export const villageSchema = z.object({
  id: z.string(),
  townshipId: z.string(),
  code: villageCodeSchema,
  name: z.string(),
});
export type Village = z.infer<typeof villageSchema>;

/** `POST /api/villages`: the township admin adds a village (村/社区) to the township. */
export const createVillageRequestSchema = z.object({
  code: z.string().trim().pipe(villageCodeSchema),
  name: z.string().trim().min(1, '请填写村（社区）名称 (name required)').max(40, '名称最多 40 个字 (at most 40 characters)'),
});
export type CreateVillageRequest = z.infer<typeof createVillageRequestSchema>;

/** `GET /api/villages`: the caller's township's villages, by code (the township's screens filter by them). */
export const villageListSchema = z.object({ villages: z.array(villageSchema) });
export type VillageList = z.infer<typeof villageListSchema>;

export const createVillageResponseSchema = z.object({ village: villageSchema });
export type CreateVillageResponse = z.infer<typeof createVillageResponseSchema>;

/** A/B posts (AB岗): the B agent takes over when the A agent is absent. */
export const postSchema = z.enum(['A', 'B']);
export type Post = z.infer<typeof postSchema>;

export const accountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  phone: z.string(),
  /** Null only for a county administrator, who belongs to the county instead. */
  townshipId: z.string().nullable(),
  villageId: z.string().nullable(),
  post: postSchema.nullable(),
});
export type Account = z.infer<typeof accountSchema>;

/** An agent as the other tablets of the village see them: no username, nothing else personal. */
export const villageAgentSchema = z.object({
  id: z.string(),
  villageId: z.string(),
  displayName: z.string(),
  phone: z.string(),
  post: postSchema.nullable(),
});
export type VillageAgent = z.infer<typeof villageAgentSchema>;

/** 值班表: who is on duty in a village's service room on a day. */
export const dutySchema = z.object({
  villageId: z.string(),
  date: z.iso.date(),
  accountId: z.string(),
});
export type Duty = z.infer<typeof dutySchema>;

export const deviceSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
});
export type Device = z.infer<typeof deviceSchema>;

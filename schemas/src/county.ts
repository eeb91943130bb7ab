import { z } from 'zod';
import { newPasswordSchema, personFields } from './accounts.ts';
import { countySchema, townshipSchema } from './org.ts';
import { reportFiguresSchema, reportMonthSchema } from './report.ts';
import { serviceItemSchema } from './service-item.ts';
import { signedHeadSchema } from './sync-protocol.ts';

/** A township's first (or a further) administrator, created by the county administrator. */
export const createTownshipAdminRequestSchema = z.object({ ...personFields, password: newPasswordSchema });
export type CreateTownshipAdminRequest = z.infer<typeof createTownshipAdminRequestSchema>;

/** A new township of the county and its administrator, who then creates its villages' people. */
export const createTownshipRequestSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z]{2,6}$/, '乡镇代码为 2–6 个大写字母 (2–6 capital letters)'),
  name: z.string().trim().min(2).max(40),
  phone: personFields.phone,
  address: z.string().trim().min(1).max(200),
  admin: createTownshipAdminRequestSchema,
});
export type CreateTownshipRequest = z.infer<typeof createTownshipRequestSchema>;

/** The first administrator `npm run setup` creates: the password is generated, not chosen. */
const setupAdminSchema = z.object(personFields);

/** `npm run setup county`: a county and its first county administrator, on a real deployment's server. */
export const setupCountyRequestSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z]{2,6}$/, '县代码为 2–6 个大写字母 (2–6 capital letters)'),
  name: z.string().trim().min(2).max(40),
  admin: setupAdminSchema,
});
export type SetupCountyRequest = z.infer<typeof setupCountyRequestSchema>;

/** `npm run setup township`: a township on its own (no county) and its first administrator. */
export const setupTownshipRequestSchema = createTownshipRequestSchema.extend({ admin: setupAdminSchema });
export type SetupTownshipRequest = z.infer<typeof setupTownshipRequestSchema>;

/** A township's administrator as the county sees them: no phone, nothing else personal. */
export const townshipAdminSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
});
export type TownshipAdmin = z.infer<typeof townshipAdminSchema>;

/** A township in the county's list: how big it is and who administers it. */
export const countyTownshipSchema = townshipSchema.extend({
  villages: z.number().int().min(0),
  agents: z.number().int().min(0),
  admins: z.array(townshipAdminSchema),
});
export type CountyTownship = z.infer<typeof countyTownshipSchema>;

export const countyOverviewSchema = z.object({ county: countySchema, townships: z.array(countyTownshipSchema) });
export type CountyOverview = z.infer<typeof countyOverviewSchema>;

/**
 * How one township holds a county item: `follows` while its newest version is the county's (every
 * county edit reaches it as the township's next version), not once the township published its own
 * version of the code (改) — from then on the county's edits no longer reach it.
 */
export const townshipItemStateSchema = z.object({
  townshipId: z.string(),
  townshipName: z.string(),
  /** The township's newest version of the code; null when the township has none. */
  version: z.number().int().min(1).nullable(),
  follows: z.boolean(),
});
export type TownshipItemState = z.infer<typeof townshipItemStateSchema>;

/** One county item: its newest version, every version, and where each township stands with it. */
export const countyItemHistorySchema = z.object({
  item: serviceItemSchema,
  versions: z.array(serviceItemSchema),
  townships: z.array(townshipItemStateSchema),
});
export type CountyItemHistory = z.infer<typeof countyItemHistorySchema>;

/** One township's row of the county's monthly report: its total figures. */
export const townshipReportRowSchema = reportFiguresSchema.extend({
  townshipId: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
});
export type TownshipReportRow = z.infer<typeof townshipReportRowSchema>;

/**
 * 一月一通报 of the county: each township's figures as its own report has them (same definitions,
 * schemas/src/report.ts), and the county's total computed from every case (averages are not averaged).
 */
export const countyMonthlyReportSchema = z.object({
  countyName: z.string(),
  month: reportMonthSchema,
  asOf: z.iso.date(),
  partial: z.boolean(),
  generatedAt: z.iso.datetime(),
  townships: z.array(townshipReportRowSchema),
  total: reportFiguresSchema,
  ledgerHead: signedHeadSchema.optional(),
});
export type CountyMonthlyReport = z.infer<typeof countyMonthlyReportSchema>;

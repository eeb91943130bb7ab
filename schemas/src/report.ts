import { z } from 'zod';
import { signedHeadSchema } from './sync-protocol.ts';
import { chinaDate } from './working-days.ts';

/**
 * 一月一通报: the township's monthly report on proxy service, one row per village.
 *
 * Month M is a calendar month in China time (Asia/Shanghai, UTC+8, `chinaDate`). "Report day"
 * is the last day of M, or today while M is the current month. Every count is a number of
 * cases (件): a case counts once per column even when the ledger holds several such events.
 * - received 村受理: cases whose village acceptance time (receivedAt, from the tablet) is in M.
 * - submitted 报送: cases first submitted to the township (their case.receive event reached the
 *   ledger) in M. Resubmissions after 补正 are not counted again.
 * - accepted 镇受理: cases the township accepted (case.accept) in M.
 * - completed 办结: cases completed (case.complete) in M, split into on time (completion date ≤
 *   due date) and late.
 * - overdue 超期未办结: cases the township had accepted by the end of the report day (or now),
 *   not completed or rejected by then, whose due date is before the report day. A case back in
 *   the village for 补正 at that time counts only if it was already past its due date when it
 *   was returned (the clock stands still during 补正). The due date is the case's current one.
 * - returned 退回补正: cases returned for correction (case.return) in M.
 * - rejected 不予受理/办理: cases rejected (case.reject) in M.
 * - avgWorkingDays 平均办结用时: for cases completed in M, working days from the township's first
 *   acceptance to completion (weekends and holidays excluded, time in 补正 included), averaged.
 * - satisfaction 好差评: ratings (case.rate) given in M: how many, the share of 满意 and 非常满意
 *   (levels 4–5), and the average level (1–5).
 */
export const reportMonthSchema = z
  .string()
  .regex(/^20\d\d-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM，例如 2026-11 (month must be YYYY-MM)');

export const monthlyReportQuerySchema = z.object({ month: reportMonthSchema });
export type MonthlyReportQuery = z.infer<typeof monthlyReportQuerySchema>;

const count = z.number().int().min(0);

/** The figures of one village, or of the whole township (the total row). */
export const reportFiguresSchema = z.object({
  received: count,
  submitted: count,
  accepted: count,
  completed: count,
  completedOnTime: count,
  completedLate: count,
  overdue: count,
  returned: count,
  rejected: count,
  /** Rounded to one decimal; null when nothing was completed in the month. */
  avgWorkingDays: z.number().min(0).nullable(),
  ratings: count,
  /** Share (0–1, four decimals) of ratings at level 4 or 5; null without ratings. */
  satisfiedShare: z.number().min(0).max(1).nullable(),
  /** Average rating level, two decimals; null without ratings. */
  avgRating: z.number().min(1).max(5).nullable(),
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

/** The report's columns in published order: the page, the CSV and the XLSX all follow it. */
export const REPORT_COLUMNS = [
  'received',
  'submitted',
  'accepted',
  'completed',
  'completedOnTime',
  'completedLate',
  'overdue',
  'returned',
  'rejected',
  'avgWorkingDays',
  'ratings',
  'satisfiedShare',
  'avgRating',
] as const satisfies readonly (keyof ReportFigures)[];
export type ReportColumn = (typeof REPORT_COLUMNS)[number];

export const villageReportRowSchema = reportFiguresSchema.extend({
  villageId: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
});
export type VillageReportRow = z.infer<typeof villageReportRowSchema>;

export const monthlyReportSchema = z.object({
  townshipName: z.string(),
  month: reportMonthSchema,
  /** The report day (see above): the last day of the month, or today for the current month. */
  asOf: z.iso.date(),
  /** True while the month is not over yet: the figures still change. */
  partial: z.boolean(),
  generatedAt: z.iso.datetime(),
  villages: z.array(villageReportRowSchema),
  total: reportFiguresSchema,
  /** The ledger's signed head when the report was made: printed, it witnesses the ledger as it stood. */
  ledgerHead: signedHeadSchema.optional(),
});
export type MonthlyReport = z.infer<typeof monthlyReportSchema>;

/** The China-time month (YYYY-MM) of an instant. */
export function chinaMonth(instant: Date): string {
  return chinaDate(instant).slice(0, 7);
}

/** The calendar month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, mon - 2, 1)).toISOString().slice(0, 7);
}

import { type CountyMonthlyReport, chinaDate, type MonthlyReport, type ReportFigures, workingDaysBetween } from '@daiban/schemas';
import {
  completionsIn,
  type Db,
  dueCasesAt,
  eventCountsIn,
  getCounty,
  getTownship,
  listVillages,
  receivedInMonth,
  type TimeWindow,
  townshipsOfCounty,
  workCalendarOf,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The month as ledger instants, cut off at `now` while it is not over, and its report day. */
export function monthWindow(month: string, now: Date): TimeWindow & { asOf: string; partial: boolean } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, mon - 1, 1) - CHINA_OFFSET_MS);
  const end = new Date(Date.UTC(year, mon, 1) - CHINA_OFFSET_MS);
  if (start > now) throw new ApiError(400, 'validation_failed', `${month} 尚未开始，没有可通报的数据 (that month has not begun)`);
  const partial = end > now;
  const cutoff = partial ? now : end;
  return {
    from: start.toISOString(),
    to: cutoff.toISOString(),
    asOf: chinaDate(new Date(cutoff.getTime() - 1)),
    partial,
  };
}

/** Running sums from which one row of figures is made; averages are taken only at the end. */
interface Tally {
  received: number;
  submitted: number;
  accepted: number;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
  returned: number;
  rejected: number;
  workingDays: number;
  timedCompletions: number;
  ratings: number;
  satisfied: number;
  ratingSum: number;
}

const emptyTally = (): Tally => ({
  received: 0,
  submitted: 0,
  accepted: 0,
  completedOnTime: 0,
  completedLate: 0,
  overdue: 0,
  returned: 0,
  rejected: 0,
  workingDays: 0,
  timedCompletions: 0,
  ratings: 0,
  satisfied: 0,
  ratingSum: 0,
});

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

function figures(t: Tally): ReportFigures {
  return {
    received: t.received,
    submitted: t.submitted,
    accepted: t.accepted,
    completed: t.completedOnTime + t.completedLate,
    completedOnTime: t.completedOnTime,
    completedLate: t.completedLate,
    overdue: t.overdue,
    returned: t.returned,
    rejected: t.rejected,
    avgWorkingDays: t.timedCompletions ? round(t.workingDays / t.timedCompletions, 1) : null,
    ratings: t.ratings,
    satisfiedShare: t.ratings ? round(t.satisfied / t.ratings, 4) : null,
    avgRating: t.ratings ? round(t.ratingSum / t.ratings, 2) : null,
  };
}

/** The tally of each village of the township for the month (counting in SQL; due dates and working days here). */
async function villageTallies(db: Db, townshipId: string, month: string, window: ReportWindow) {
  const villages = await listVillages(db, townshipId);
  const tallies = new Map(villages.map((v) => [v.id, emptyTally()]));
  const tallyOf = (villageId: string) => tallies.get(villageId) ?? emptyTally();
  const calendar = await workCalendarOf(db, townshipId);

  for (const row of await receivedInMonth(db, townshipId, month)) tallyOf(row.villageId).received = row.received;
  for (const { villageId, ...counts } of await eventCountsIn(db, townshipId, window)) Object.assign(tallyOf(villageId), counts);
  for (const c of await completionsIn(db, townshipId, window)) {
    const t = tallyOf(c.villageId);
    const completedOn = chinaDate(new Date(c.completedAt));
    if (!c.dueDate || completedOn <= c.dueDate) t.completedOnTime++;
    else t.completedLate++;
    if (c.acceptedAt) {
      t.workingDays += workingDaysBetween(chinaDate(new Date(c.acceptedAt)), completedOn, calendar);
      t.timedCompletions++;
    }
  }
  for (const c of await dueCasesAt(db, townshipId, window.to, window.asOf)) {
    // While the case is back in the village the clock stands still: overdue only if it already was when returned.
    const overdue =
      c.lastType === 'case.accept' ||
      c.lastType === 'case.resubmit' ||
      (c.lastType === 'case.return' && c.dueDate < chinaDate(new Date(c.lastAt)));
    if (overdue) tallyOf(c.villageId).overdue++;
  }
  return villages.map((village) => ({ village, tally: tallyOf(village.id) }));
}

type ReportWindow = ReturnType<typeof monthWindow>;

/** The sum of tallies: the total row's (its averages are taken over every case, not over the rows' averages). */
function sum(tallies: Tally[]): Tally {
  const total = emptyTally();
  for (const t of tallies) for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += t[key];
  return total;
}

/** 一月一通报 for one township and month, computed from the ledger (definitions in schemas/src/report.ts). */
export async function monthlyReport(db: Db, townshipId: string, month: string, now: Date): Promise<MonthlyReport> {
  const window = monthWindow(month, now);
  const rows = await villageTallies(db, townshipId, month, window);
  return {
    townshipName: (await getTownship(db, townshipId))?.name ?? '',
    month,
    asOf: window.asOf,
    partial: window.partial,
    generatedAt: now.toISOString(),
    villages: rows.map(({ village: v, tally }) => ({
      villageId: v.id,
      villageCode: v.code,
      villageName: v.name,
      ...figures(tally),
    })),
    total: figures(sum(rows.map((r) => r.tally))),
  };
}

/**
 * The county's 一月一通报: each township's total row (the figures its own report has) and the county's
 * total over every case of every township.
 */
export async function countyMonthlyReport(db: Db, countyId: string, month: string, now: Date): Promise<CountyMonthlyReport> {
  const window = monthWindow(month, now);
  const townships = [];
  for (const t of await townshipsOfCounty(db, countyId)) {
    const tally = sum((await villageTallies(db, t.id, month, window)).map((r) => r.tally));
    townships.push({ township: t, tally });
  }
  return {
    countyName: (await getCounty(db, countyId))?.name ?? '',
    month,
    asOf: window.asOf,
    partial: window.partial,
    generatedAt: now.toISOString(),
    townships: townships.map(({ township: t, tally }) => ({
      townshipId: t.id,
      townshipCode: t.code,
      townshipName: t.name,
      ...figures(tally),
    })),
    total: figures(sum(townships.map((t) => t.tally))),
  };
}

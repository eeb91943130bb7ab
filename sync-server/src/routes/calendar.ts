import {
  type CalendarEntry,
  calendarEntryProblem,
  calendarEntrySchema,
  calendarQuerySchema,
  chinaDate,
  replaceCalendarYearSchema,
  yearsWithoutEntries,
} from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import {
  appendEvent,
  type Db,
  deleteCalendarEntry,
  getCalendarEntry,
  insertCalendarEntry,
  listCalendarEntries,
  type Principal,
  replaceCalendarYear,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { validate } from './validate.ts';

/**
 * The township's holiday calendar (法定节假日 and 调休): every deadline is counted with it.
 * Everyone of the township reads it (tablets also pull it), with the current or next year that
 * has no entries named so the township centre is warned; the township centre edits it, each
 * edit a ledger event.
 */
export const calendarRoutes = new Hono<AppEnv>()
  .get('/', requireRole('agent', 'supervisor', 'admin'), validate('query', calendarQuerySchema), async (c) => {
    const { db, principal, config } = c.var;
    const { year } = c.req.valid('query');
    const all = await listCalendarEntries(db, principal.townshipId);
    return c.json({
      entries: year === undefined ? all : all.filter((e) => e.date.startsWith(`${year}-`)),
      missingYears: yearsWithoutEntries(all, chinaDate(nowOf(config))),
    });
  })
  .post('/entries', requireRole('supervisor', 'admin'), validate('json', calendarEntrySchema), async (c) => {
    const { db, principal, config } = c.var;
    const entry = c.req.valid('json');
    refuseProblem(entry);
    await db.transaction(async () => {
      if (await getCalendarEntry(db, principal.townshipId, entry.date))
        throw new ApiError(400, 'validation_failed', `${entry.date} 已在日历中 (date already in the calendar)`);
      const seq = await record(db, principal, 'calendar.add', entry, nowOf(config));
      await insertCalendarEntry(db, principal.townshipId, entry, seq);
    });
    return c.json({ entry }, 201);
  })
  .delete(
    '/entries/:date',
    requireRole('supervisor', 'admin'),
    validate('param', z.object({ date: z.iso.date() })),
    async (c) => {
      const { db, principal, config } = c.var;
      const { date } = c.req.valid('param');
      await db.transaction(async () => {
        const entry = await getCalendarEntry(db, principal.townshipId, date);
        if (!entry) throw new ApiError(404, 'not_found', `${date} 不在日历中 (date not in the calendar)`);
        const seq = await record(db, principal, 'calendar.remove', entry, nowOf(config));
        await deleteCalendarEntry(db, principal.townshipId, date, seq);
      });
      return c.json({ ok: true });
    },
  )
  .put(
    '/years/:year',
    requireRole('supervisor', 'admin'),
    validate('param', z.object({ year: z.coerce.number().int().min(2000).max(2100) })),
    validate('json', replaceCalendarYearSchema),
    async (c) => {
      const { db, principal, config } = c.var;
      const { year } = c.req.valid('param');
      const entries = [...c.req.valid('json').entries].sort((a, b) => (a.date < b.date ? -1 : 1));
      for (const [i, e] of entries.entries()) {
        if (!e.date.startsWith(`${year}-`))
          throw new ApiError(400, 'validation_failed', `${e.date} 不属于 ${year} 年 (date outside the year)`);
        if (entries[i - 1]?.date === e.date)
          throw new ApiError(400, 'validation_failed', `${e.date} 重复出现 (date listed twice)`);
        refuseProblem(e);
      }
      await db.transaction(async () => {
        const seq = await record(db, principal, 'calendar.replaceYear', { year, entries }, nowOf(config));
        await replaceCalendarYear(db, principal.townshipId, year, entries, seq);
      });
      return c.json({ entries });
    },
  );

function refuseProblem(entry: CalendarEntry): void {
  const problem = calendarEntryProblem(entry);
  if (problem) throw new ApiError(400, 'validation_failed', problem);
}

async function record(db: Db, who: Principal, type: string, payload: unknown, now: Date): Promise<number> {
  return await appendEvent(db, {
    type,
    entityId: `calendar:${who.townshipId}`,
    villageId: null,
    accountId: who.account.id,
    deviceId: who.device.id,
    mutationId: null,
    hlc: null,
    payload,
    recordedAt: now.toISOString(),
  });
}

import type { Account, Township } from '@daiban/schemas';
import { copyCountyCatalog, type Publisher } from '../catalog/publishing.ts';
import { appendEvent, type Db, getTownship, insertTownship, replaceCalendarYear, sharedCountyCalendar } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { createAccount } from './create-account.ts';

/**
 * Creates a township with its first admin, each with its ledger event, refusing a township code
 * already taken (409). A township of a county (新建乡镇) also gets the county's catalog and the holiday
 * calendar days every township of the county has alike; a township on its own (`countyId` null,
 * `npm run setup township`) starts with neither. Call inside a transaction: on a refusal nothing is written.
 */
export async function createTownship(
  db: Db,
  by: Publisher,
  township: Township,
  countyId: string | null,
  admin: Account,
  passwordHash: string,
  at: string,
): Promise<void> {
  const event = (type: string, entityId: string, payload: unknown) =>
    appendEvent(db, { type, entityId, villageId: null, ...by, mutationId: null, hlc: null, payload, recordedAt: at });
  if (await getTownship(db, township.id)) {
    throw new ApiError(409, 'already_exists', `乡镇代码 ${township.code} 已被使用 (township code taken)`);
  }
  // Read before the township is added: it has no days yet, so no day would be every township's.
  const calendar = countyId ? await sharedCountyCalendar(db, countyId) : [];
  await insertTownship(db, township, countyId);
  await event('township.create', township.id, { ...township, countyId });
  await createAccount(db, by, admin, passwordHash, at);
  if (!countyId) return;
  await copyCountyCatalog(db, by, countyId, township.id, at);
  // Deadlines skip holidays from the first case: the new township starts with the days all the
  // county's townships have (the statutory ones), not any township's own.
  for (const year of new Set(calendar.map((e) => Number(e.date.slice(0, 4))))) {
    const entries = calendar.filter((e) => e.date.startsWith(`${year}-`));
    const seq = await event('calendar.replaceYear', `calendar:${township.id}`, { year, entries });
    await replaceCalendarYear(db, township.id, year, entries, seq);
  }
}

/** The id of the township with this code, as the seed and every township created since name it. */
export const townshipIdOf = (code: string) => `t-${code.toLowerCase()}`;

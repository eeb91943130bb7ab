// The county level: counties, their townships, and the county catalog (事项清单 of the county).
import type {
  CalendarEntry,
  County,
  CountyTownship,
  ServiceItem,
  Township,
  TownshipAdmin,
  TownshipItemState,
} from '@daiban/schemas';
import type { Db } from './driver.ts';

export async function insertCounty(db: Db, county: County): Promise<void> {
  await db.run('INSERT INTO counties (id, code, name) VALUES (?, ?, ?)', county.id, county.code, county.name);
}

export async function getCounty(db: Db, id: string): Promise<County | undefined> {
  return (await db.get('SELECT id, code, name FROM counties WHERE id = ?', id)) as County | undefined;
}

/** The county of an account: the county administrator's own, or the county of the account's township. */
export async function countyOfAccount(db: Db, accountId: string): Promise<County | undefined> {
  return (await db.get(
    `SELECT c.id, c.code, c.name FROM accounts a LEFT JOIN townships t ON t.id = a.township_id
     JOIN counties c ON c.id = COALESCE(a.county_id, t.county_id) WHERE a.id = ?`,
    accountId,
  )) as County | undefined;
}

/** The county a township belongs to; undefined for a township on its own. */
export async function countyOfTownship(db: Db, townshipId: string): Promise<County | undefined> {
  return (await db.get(
    'SELECT c.id, c.code, c.name FROM counties c JOIN townships t ON t.county_id = c.id WHERE t.id = ?',
    townshipId,
  )) as County | undefined;
}

/** The county's townships by code, with the count of villages and agents and their administrators. */
export async function listCountyTownships(db: Db, countyId: string): Promise<CountyTownship[]> {
  const townships = (await db.all(
    `SELECT t.id, t.code, t.name, t.phone, t.address,
            (SELECT COUNT(*) FROM villages v WHERE v.township_id = t.id) AS villages,
            (SELECT COUNT(*) FROM accounts a WHERE a.township_id = t.id AND a.role = 'agent' AND a.disabled_at IS NULL) AS agents
     FROM townships t WHERE t.county_id = ? ORDER BY t.code`,
    countyId,
  )) as Omit<CountyTownship, 'admins'>[];
  const admins = (await db.all(
    `SELECT a.township_id AS "townshipId", a.id, a.username, a.display_name AS "displayName",
            CASE WHEN a.disabled_at IS NULL THEN 0 ELSE 1 END AS disabled
     FROM accounts a JOIN townships t ON t.id = a.township_id
     WHERE t.county_id = ? AND a.role = 'admin' ORDER BY a.username`,
    countyId,
  )) as (Omit<TownshipAdmin, 'disabled'> & { townshipId: string; disabled: number })[];
  return townships.map((t) => ({
    ...t,
    admins: admins
      .filter((a) => a.townshipId === t.id)
      .map(({ townshipId: _, disabled, ...a }) => ({ ...a, disabled: disabled === 1 })),
  }));
}

/**
 * The calendar days every township of the county has alike (same date, kind and name): the State
 * Council's holidays and 调休 workdays, which all enter, not a township's own days. Empty for a
 * county without townships.
 */
export async function sharedCountyCalendar(db: Db, countyId: string): Promise<CalendarEntry[]> {
  return (await db.all(
    `SELECT c.date, c.kind, c.name FROM calendar_days c JOIN townships t ON t.id = c.township_id
     WHERE t.county_id = ?
     GROUP BY c.date, c.kind, c.name
     HAVING COUNT(*) = (SELECT COUNT(*) FROM townships WHERE county_id = ?)
     ORDER BY c.date`,
    countyId,
    countyId,
  )) as CalendarEntry[];
}

/** The county's townships, by code. */
export async function townshipsOfCounty(db: Db, countyId: string): Promise<Township[]> {
  return (await db.all(
    'SELECT id, code, name, phone, address FROM townships WHERE county_id = ? ORDER BY code',
    countyId,
  )) as Township[];
}

export async function insertCountyItem(db: Db, countyId: string, item: ServiceItem, seq: number): Promise<void> {
  await db.run(
    'INSERT INTO county_items (county_id, code, version, data, seq) VALUES (?, ?, ?, ?, ?)',
    countyId,
    item.code,
    item.version,
    JSON.stringify(item),
    seq,
  );
}

/** Every version of one county item, oldest first (empty when the county has no such code). */
export async function countyItemVersions(db: Db, countyId: string, code: string): Promise<ServiceItem[]> {
  const rows = (await db.all(
    'SELECT data FROM county_items WHERE county_id = ? AND code = ? ORDER BY version',
    countyId,
    code,
  )) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as ServiceItem);
}

/** The number of the county's newest version of a code; null when the county has no such item. */
export async function newestCountyItemVersion(db: Db, countyId: string, code: string): Promise<number | null> {
  const row = (await db.get('SELECT MAX(version) AS v FROM county_items WHERE county_id = ? AND code = ?', countyId, code)) as
    | { v: number | null }
    | undefined;
  return row?.v ?? null;
}

/** The newest version of every county item, by code. */
export async function listLatestCountyItems(db: Db, countyId: string): Promise<ServiceItem[]> {
  const rows = (await db.all(
    `SELECT data FROM county_items c
     WHERE county_id = ?
       AND version = (SELECT MAX(version) FROM county_items WHERE county_id = c.county_id AND code = c.code)
     ORDER BY code`,
    countyId,
  )) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as ServiceItem);
}

/**
 * Where each township of the county stands with a code: its newest version, and whether that version
 * is a copy of the county's (it follows the county) or its own.
 */
export async function townshipItemStates(db: Db, countyId: string, code: string): Promise<TownshipItemState[]> {
  const rows = (await db.all(
    `SELECT t.id AS "townshipId", t.name AS "townshipName", s.version, s.county_version AS "countyVersion"
     FROM townships t
     LEFT JOIN service_items s ON s.township_id = t.id AND s.code = ?
       AND s.version = (SELECT MAX(version) FROM service_items WHERE township_id = t.id AND code = ?)
     WHERE t.county_id = ? ORDER BY t.code`,
    code,
    code,
    countyId,
  )) as { townshipId: string; townshipName: string; version: number | null; countyVersion: number | null }[];
  return rows.map(({ countyVersion, ...r }) => ({ ...r, follows: countyVersion !== null }));
}

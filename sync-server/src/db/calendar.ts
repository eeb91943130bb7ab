import { type CalendarEntry, toWorkCalendar, type WorkCalendar } from '@daiban/schemas';
import type { Db } from './driver.ts';

/** A township's calendar entries in date order; of one year only when `year` is given. */
export async function listCalendarEntries(db: Db, townshipId: string, year?: number): Promise<CalendarEntry[]> {
  const [from, to] = year === undefined ? ['0000', '9999'] : [`${year}-01-01`, `${year}-12-31`];
  return (await db.all(
    'SELECT date, kind, name FROM calendar_days WHERE township_id = ? AND date BETWEEN ? AND ? ORDER BY date',
    townshipId,
    from,
    to,
  )) as CalendarEntry[];
}

/** The calendar every deadline of the township is counted with. */
export async function workCalendarOf(db: Db, townshipId: string): Promise<WorkCalendar> {
  return toWorkCalendar(await listCalendarEntries(db, townshipId));
}

export async function getCalendarEntry(db: Db, townshipId: string, date: string): Promise<CalendarEntry | undefined> {
  return (await db.get('SELECT date, kind, name FROM calendar_days WHERE township_id = ? AND date = ?', townshipId, date)) as
    | CalendarEntry
    | undefined;
}

export async function insertCalendarEntry(db: Db, townshipId: string, entry: CalendarEntry, seq: number): Promise<void> {
  await db.run(
    'INSERT INTO calendar_days (township_id, date, kind, name) VALUES (?, ?, ?, ?)',
    townshipId,
    entry.date,
    entry.kind,
    entry.name,
  );
  await markCalendarChanged(db, townshipId, seq);
}

export async function deleteCalendarEntry(db: Db, townshipId: string, date: string, seq: number): Promise<void> {
  await db.run('DELETE FROM calendar_days WHERE township_id = ? AND date = ?', townshipId, date);
  await markCalendarChanged(db, townshipId, seq);
}

/** Replaces every entry of one year with the given ones. */
export async function replaceCalendarYear(
  db: Db,
  townshipId: string,
  year: number,
  entries: CalendarEntry[],
  seq: number,
): Promise<void> {
  await db.run(
    'DELETE FROM calendar_days WHERE township_id = ? AND date BETWEEN ? AND ?',
    townshipId,
    `${year}-01-01`,
    `${year}-12-31`,
  );
  for (const e of entries) {
    await db.run(
      'INSERT INTO calendar_days (township_id, date, kind, name) VALUES (?, ?, ?, ?)',
      townshipId,
      e.date,
      e.kind,
      e.name,
    );
  }
  await markCalendarChanged(db, townshipId, seq);
}

/** Ledger sequence of the township calendar's last edit (0: never edited). */
export async function calendarSeq(db: Db, townshipId: string): Promise<number> {
  const row = (await db.get('SELECT calendar_seq AS seq FROM townships WHERE id = ?', townshipId)) as { seq: number } | undefined;
  return row?.seq ?? 0;
}

async function markCalendarChanged(db: Db, townshipId: string, seq: number): Promise<void> {
  await db.run('UPDATE townships SET calendar_seq = ? WHERE id = ?', seq, townshipId);
}

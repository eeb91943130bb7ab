import { type CalendarEntry, toWorkCalendar, type WorkCalendar } from '@daiban/schemas';
import type { Db } from './open.ts';
import { stmt } from './statements.ts';

/** A township's calendar entries in date order; of one year only when `year` is given. */
export function listCalendarEntries(db: Db, townshipId: string, year?: number): CalendarEntry[] {
  const [from, to] = year === undefined ? ['0000', '9999'] : [`${year}-01-01`, `${year}-12-31`];
  return stmt(db, 'SELECT date, kind, name FROM calendar_days WHERE township_id = ? AND date BETWEEN ? AND ? ORDER BY date').all(
    townshipId,
    from,
    to,
  ) as CalendarEntry[];
}

/** The calendar every deadline of the township is counted with. */
export function workCalendarOf(db: Db, townshipId: string): WorkCalendar {
  return toWorkCalendar(listCalendarEntries(db, townshipId));
}

export function getCalendarEntry(db: Db, townshipId: string, date: string): CalendarEntry | undefined {
  return stmt(db, 'SELECT date, kind, name FROM calendar_days WHERE township_id = ? AND date = ?').get(townshipId, date) as
    | CalendarEntry
    | undefined;
}

export function insertCalendarEntry(db: Db, townshipId: string, entry: CalendarEntry, seq: number): void {
  stmt(db, 'INSERT INTO calendar_days (township_id, date, kind, name) VALUES (?, ?, ?, ?)').run(
    townshipId,
    entry.date,
    entry.kind,
    entry.name,
  );
  markCalendarChanged(db, townshipId, seq);
}

export function deleteCalendarEntry(db: Db, townshipId: string, date: string, seq: number): void {
  stmt(db, 'DELETE FROM calendar_days WHERE township_id = ? AND date = ?').run(townshipId, date);
  markCalendarChanged(db, townshipId, seq);
}

/** Replaces every entry of one year with the given ones. */
export function replaceCalendarYear(db: Db, townshipId: string, year: number, entries: CalendarEntry[], seq: number): void {
  stmt(db, 'DELETE FROM calendar_days WHERE township_id = ? AND date BETWEEN ? AND ?').run(
    townshipId,
    `${year}-01-01`,
    `${year}-12-31`,
  );
  for (const e of entries) {
    stmt(db, 'INSERT INTO calendar_days (township_id, date, kind, name) VALUES (?, ?, ?, ?)').run(
      townshipId,
      e.date,
      e.kind,
      e.name,
    );
  }
  markCalendarChanged(db, townshipId, seq);
}

/** Ledger sequence of the township calendar's last edit (0: never edited). */
export function calendarSeq(db: Db, townshipId: string): number {
  const row = stmt(db, 'SELECT calendar_seq AS seq FROM townships WHERE id = ?').get(townshipId) as { seq: number } | undefined;
  return row?.seq ?? 0;
}

function markCalendarChanged(db: Db, townshipId: string, seq: number): void {
  stmt(db, 'UPDATE townships SET calendar_seq = ? WHERE id = ?').run(seq, townshipId);
}

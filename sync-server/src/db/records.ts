import {
  type Applicant,
  type Case,
  type CaseHistoryEntry,
  type CaseStatus,
  type Handover,
  parseHlc,
  type Visit,
} from '@daiban/schemas';
import { markBlobReferenced } from './blobs.ts';
import { insertRows, type RowsOf } from './dialect.ts';
import type { Db, SqlValue } from './driver.ts';

export async function getApplicant(db: Db, id: string): Promise<Applicant | undefined> {
  const row = (await db.get('SELECT data FROM applicants WHERE id = ?', id)) as { data: string } | undefined;
  return row && (JSON.parse(row.data) as Applicant);
}

/** Every applicant on the ledger, for audits (and the scan of the server log for personal data). */
export async function* iterateApplicants(db: Db): AsyncGenerator<Applicant> {
  for await (const row of db.iterate<{ data: string }>('SELECT data FROM applicants ORDER BY id')) {
    yield JSON.parse(row.data) as Applicant;
  }
}

/** A record's projection after ledger event `seq`. */
export interface Projected<T> {
  record: T;
  seq: number;
}

export const APPLICANT_ROWS: RowsOf<Projected<Applicant>> = {
  table: 'applicants',
  columns: ['id', 'village_id', 'id_number', 'data', 'seq'],
  row: ({ record: a, seq }) => [a.id, a.villageId, a.idNumber, JSON.stringify(a), seq],
};

export function applicantsChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  return changedSince<Applicant>(db, 'applicants', villageIds, cursor, limit);
}

export async function getCase(db: Db, id: string): Promise<Case | undefined> {
  const row = (await db.get('SELECT data FROM cases WHERE id = ?', id)) as { data: string } | undefined;
  return row && (JSON.parse(row.data) as Case);
}

/** What a case's timeline takes from a ledger event (its payload as stored, JSON text). */
export interface HistoryEvent {
  seq: number;
  type: string;
  hlc: string | null;
  recordedAt: string;
  accountId: string | null;
  payload: string;
}

/**
 * Inserts or replaces the projection of one case after ledger event `seq`, appending that event
 * to the case's timeline, and links the blobs it references.
 */
export async function saveCase(db: Db, c: Case, seq: number): Promise<void> {
  const event = (await db.get(
    'SELECT seq, type, hlc, recorded_at AS "recordedAt", account_id AS "accountId", payload FROM events WHERE seq = ?',
    seq,
  )) as HistoryEvent;
  await insertRows(db, CASE_ROWS, [{ record: withHistory(c, event), seq }]);
  for (const sha256 of blobsOfCase(c)) {
    const linked = await db.run('INSERT INTO case_blobs (case_id, sha256) VALUES (?, ?) ON CONFLICT DO NOTHING', c.id, sha256);
    if (linked.changes > 0) await markBlobReferenced(db, sha256);
  }
}

/** The case with `event` appended to its timeline. */
export function withHistory(c: Case, event: HistoryEvent): Case {
  const { seq, type, recordedAt, accountId: by, hlc, payload } = event;
  const materialKey = type === 'case.setMaterial' ? (JSON.parse(payload) as { key: string }).key : undefined;
  const line: CaseHistoryEntry = {
    seq,
    type,
    recordedAt,
    by,
    at: happenedAt(hlc, recordedAt),
    ...(materialKey ? { materialKey } : {}),
  };
  return { ...c, history: [...(c.history ?? []), line] };
}

export const CASE_ROWS: RowsOf<Projected<Case>> = {
  table: 'cases',
  columns: ['id', 'case_number', 'village_id', 'status', 'data', 'seq', 'submitted_at'],
  tail: `ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data, seq = excluded.seq,
       submitted_at = excluded.submitted_at`,
  row: ({ record: c, seq }) => [c.id, c.caseNumber, c.villageId, c.status, JSON.stringify(c), seq, c.submittedAt ?? null],
};

/** The blobs a case references: its materials' attachments and its result's. */
export function blobsOfCase(c: Case): string[] {
  return [...c.materials.flatMap((m) => m.attachments), ...(c.resultAttachments ?? [])].map((a) => a.sha256);
}

/** A case or home visit naming a blob (the owner column is case_id or visit_id). */
export interface BlobLink {
  ownerId: string;
  sha256: string;
}

export const CASE_BLOB_ROWS: RowsOf<BlobLink> = {
  table: 'case_blobs',
  columns: ['case_id', 'sha256'],
  tail: 'ON CONFLICT DO NOTHING',
  row: (l) => [l.ownerId, l.sha256],
};

export const VISIT_BLOB_ROWS: RowsOf<BlobLink> = {
  table: 'visit_blobs',
  columns: ['visit_id', 'sha256'],
  tail: 'ON CONFLICT DO NOTHING',
  row: (l) => [l.ownerId, l.sha256],
};

/** See CaseHistoryEntry.at: a mutation's HLC wall time, never after the ledger recorded it. */
function happenedAt(hlc: string | null, recordedAt: string): string {
  if (!hlc) return recordedAt;
  const wallMs = parseHlc(hlc).wallMs;
  return wallMs < Date.parse(recordedAt) ? new Date(wallMs).toISOString() : recordedAt;
}

export function casesChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  return changedSince<Case>(db, 'cases', villageIds, cursor, limit);
}

/** Where a page of the case list ends: its last case's submission (null: never submitted) and id. */
export interface CaseListPosition {
  submittedAt: string | null;
  id: string;
}

/**
 * Up to `limit` cases of `villageIds` in `statuses` after `after`, first submitted first, ties by
 * id; the cases never submitted come last, by id. The two parts are read apart, each one range of
 * the index cases_queue: SQLite sorts NULL first and PostgreSQL last, and the order must not
 * depend on the engine.
 */
export async function listCasePage(
  db: Db,
  villageIds: string[],
  statuses: CaseStatus[],
  after: CaseListPosition | undefined,
  limit: number,
): Promise<Case[]> {
  if (villageIds.length === 0 || statuses.length === 0) return [];
  const scope = `status IN (${marks(statuses)}) AND village_id IN (${marks(villageIds)})`;
  const read = async (sql: string, ...params: SqlValue[]) =>
    ((await db.all(sql, ...statuses, ...villageIds, ...params)) as { data: string }[]).map((r) => JSON.parse(r.data) as Case);
  const submitted =
    after?.submittedAt === null
      ? []
      : await read(
          `SELECT data FROM cases WHERE ${scope} AND submitted_at IS NOT NULL${after ? ' AND (submitted_at, id) > (?, ?)' : ''}
             ORDER BY submitted_at, id LIMIT ?`,
          ...(after ? [after.submittedAt, after.id] : []),
          limit,
        );
  if (submitted.length === limit) return submitted;
  const neverAfter = after?.submittedAt === null ? after.id : undefined;
  const never = await read(
    `SELECT data FROM cases WHERE ${scope} AND submitted_at IS NULL${neverAfter === undefined ? '' : ' AND id > ?'}
       ORDER BY id LIMIT ?`,
    ...(neverAfter === undefined ? [] : [neverAfter]),
    limit - submitted.length,
  );
  return [...submitted, ...never];
}

/** The applicants of `ids`, by id (one query for a page of cases). */
export async function getApplicants(db: Db, ids: string[]): Promise<Map<string, Applicant>> {
  if (ids.length === 0) return new Map();
  const rows = (await db.all(`SELECT data FROM applicants WHERE id IN (${marks(ids)})`, ...ids)) as { data: string }[];
  return new Map(rows.map((r) => JSON.parse(r.data) as Applicant).map((a) => [a.id, a]));
}

export const VISIT_ROWS: RowsOf<Projected<Visit>> = {
  table: 'visits',
  columns: ['id', 'village_id', 'case_id', 'data', 'seq'],
  tail: 'ON CONFLICT (id) DO UPDATE SET case_id = excluded.case_id, data = excluded.data, seq = excluded.seq',
  row: ({ record: v, seq }) => [v.id, v.villageId, v.caseId ?? null, JSON.stringify(v), seq],
};

/** The home visits recorded for a case, oldest first. */
export async function visitsOfCase(db: Db, caseId: string): Promise<Visit[]> {
  const rows = (await db.all('SELECT data FROM visits WHERE case_id = ? ORDER BY seq', caseId)) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as Visit);
}

export function visitsChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  return changedSince<Visit>(db, 'visits', villageIds, cursor, limit);
}

export async function getHandover(db: Db, id: string): Promise<Handover | undefined> {
  const row = (await db.get('SELECT data FROM handovers WHERE id = ?', id)) as { data: string } | undefined;
  return row && (JSON.parse(row.data) as Handover);
}

export async function saveHandover(db: Db, h: Handover, seq: number): Promise<void> {
  await insertRows(db, HANDOVER_ROWS, [{ record: h, seq }]);
}

export const HANDOVER_ROWS: RowsOf<Projected<Handover>> = {
  table: 'handovers',
  columns: ['id', 'village_id', 'slip_number', 'data', 'seq'],
  tail: 'ON CONFLICT (id) DO UPDATE SET data = excluded.data, seq = excluded.seq',
  row: ({ record: h, seq }) => [h.id, h.villageId, h.slipNumber, JSON.stringify(h), seq],
};

export function handoversChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  return changedSince<Handover>(db, 'handovers', villageIds, cursor, limit);
}

/**
 * A record as the ledger stores it: its JSON text, written by the server from a validated record.
 * Pull pages carry it as it is; `T` says what it holds.
 */
export type StoredJson<T> = string & { readonly of?: T };

/** Records of the villages changed after `cursor`, oldest change first, as stored. */
async function changedSince<T>(
  db: Db,
  table: 'cases' | 'applicants' | 'visits' | 'handovers',
  villageIds: string[],
  cursor: number,
  limit: number,
) {
  if (villageIds.length === 0) return [];
  const rows = (await db.all(
    `SELECT data, seq FROM ${table} WHERE village_id IN (${marks(villageIds)}) AND seq > ? ORDER BY seq LIMIT ?`,
    ...villageIds,
    cursor,
    limit,
  )) as { data: string; seq: number }[];
  return rows.map((r) => ({ seq: r.seq, json: r.data as StoredJson<T> }));
}

function marks(values: unknown[]): string {
  return values.map(() => '?').join(', ');
}

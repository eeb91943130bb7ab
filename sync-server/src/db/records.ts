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
import type { Db } from './open.ts';
import { stmt } from './statements.ts';

export function getApplicant(db: Db, id: string): Applicant | undefined {
  const row = stmt(db, 'SELECT data FROM applicants WHERE id = ?').get(id) as { data: string } | undefined;
  return row && (JSON.parse(row.data) as Applicant);
}

/** Every applicant on the ledger, for audits (and the scan of the server log for personal data). */
export function* iterateApplicants(db: Db): Generator<Applicant> {
  for (const row of db.prepare('SELECT data FROM applicants ORDER BY id').iterate() as IterableIterator<{ data: string }>) {
    yield JSON.parse(row.data) as Applicant;
  }
}

export function findApplicantByIdNumber(db: Db, villageId: string, idNumber: string): string | undefined {
  const row = stmt(db, 'SELECT id FROM applicants WHERE village_id = ? AND id_number = ?').get(villageId, idNumber) as
    | { id: string }
    | undefined;
  return row?.id;
}

export function insertApplicant(db: Db, a: Applicant, seq: number): void {
  stmt(db, 'INSERT INTO applicants (id, village_id, id_number, data, seq) VALUES (?, ?, ?, ?, ?)').run(
    a.id,
    a.villageId,
    a.idNumber,
    JSON.stringify(a),
    seq,
  );
}

export function applicantsChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  return changedSince<Applicant>(db, 'applicants', villageIds, cursor, limit);
}

export function getCase(db: Db, id: string): Case | undefined {
  const row = stmt(db, 'SELECT data FROM cases WHERE id = ?').get(id) as { data: string } | undefined;
  return row && (JSON.parse(row.data) as Case);
}

export function caseNumberTaken(db: Db, caseNumber: string): boolean {
  return stmt(db, 'SELECT 1 FROM cases WHERE case_number = ?').get(caseNumber) !== undefined;
}

/**
 * Inserts or replaces the projection of one case after ledger event `seq`, appending that event
 * to the case's timeline, and links the blobs it references.
 */
export function saveCase(db: Db, c: Case, seq: number): void {
  const event = stmt(
    db,
    'SELECT seq, type, hlc, recorded_at AS recordedAt, account_id AS by, payload FROM events WHERE seq = ?',
  ).get(seq) as Omit<CaseHistoryEntry, 'at'> & { hlc: string | null; recordedAt: string; payload: string };
  const { hlc, payload, ...entry } = event;
  const materialKey = entry.type === 'case.setMaterial' ? (JSON.parse(payload) as { key: string }).key : undefined;
  const line: CaseHistoryEntry = { ...entry, at: happenedAt(hlc, entry.recordedAt), ...(materialKey ? { materialKey } : {}) };
  c = { ...c, history: [...(c.history ?? []), line] };
  stmt(
    db,
    `INSERT INTO cases (id, case_number, village_id, status, data, seq) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data, seq = excluded.seq`,
  ).run(c.id, c.caseNumber, c.villageId, c.status, JSON.stringify(c), seq);
  const link = stmt(db, 'INSERT OR IGNORE INTO case_blobs (case_id, sha256) VALUES (?, ?)');
  for (const a of [...c.materials.flatMap((m) => m.attachments), ...(c.resultAttachments ?? [])]) {
    if (link.run(c.id, a.sha256).changes > 0) markBlobReferenced(db, a.sha256);
  }
}

/** See CaseHistoryEntry.at: a mutation's HLC wall time, never after the ledger recorded it. */
function happenedAt(hlc: string | null, recordedAt: string): string {
  if (!hlc) return recordedAt;
  const wallMs = parseHlc(hlc).wallMs;
  return wallMs < Date.parse(recordedAt) ? new Date(wallMs).toISOString() : recordedAt;
}

export function casesChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  return changedSince<Case>(db, 'cases', villageIds, cursor, limit);
}

export function listCases(db: Db, villageIds: string[], statuses: CaseStatus[]): Case[] {
  if (villageIds.length === 0 || statuses.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT data FROM cases WHERE village_id IN (${marks(villageIds)}) AND status IN (${marks(statuses)})
       ORDER BY seq`,
  ).all(...villageIds, ...statuses) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as Case);
}

export function getVisit(db: Db, id: string): Visit | undefined {
  const row = stmt(db, 'SELECT data FROM visits WHERE id = ?').get(id) as { data: string } | undefined;
  return row && (JSON.parse(row.data) as Visit);
}

/** Inserts or replaces the projection of one visit; its consent signature counts as a blob of the village. */
export function saveVisit(db: Db, v: Visit, seq: number): void {
  stmt(
    db,
    `INSERT INTO visits (id, village_id, case_id, data, seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET case_id = excluded.case_id, data = excluded.data, seq = excluded.seq`,
  ).run(v.id, v.villageId, v.caseId ?? null, JSON.stringify(v), seq);
  if (v.consent) {
    const linked = stmt(db, 'INSERT OR IGNORE INTO visit_blobs (visit_id, sha256) VALUES (?, ?)').run(v.id, v.consent.sha256);
    if (linked.changes > 0) markBlobReferenced(db, v.consent.sha256);
  }
}

/** The home visits recorded for a case, oldest first. */
export function visitsOfCase(db: Db, caseId: string): Visit[] {
  const rows = stmt(db, 'SELECT data FROM visits WHERE case_id = ? ORDER BY seq').all(caseId) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as Visit);
}

export function visitsChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  return changedSince<Visit>(db, 'visits', villageIds, cursor, limit);
}

export function getHandover(db: Db, id: string): Handover | undefined {
  const row = stmt(db, 'SELECT data FROM handovers WHERE id = ?').get(id) as { data: string } | undefined;
  return row && (JSON.parse(row.data) as Handover);
}

export function slipNumberTaken(db: Db, slipNumber: string): boolean {
  return stmt(db, 'SELECT 1 FROM handovers WHERE slip_number = ?').get(slipNumber) !== undefined;
}

export function saveHandover(db: Db, h: Handover, seq: number): void {
  stmt(
    db,
    `INSERT INTO handovers (id, village_id, slip_number, data, seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, seq = excluded.seq`,
  ).run(h.id, h.villageId, h.slipNumber, JSON.stringify(h), seq);
}

export function handoversChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  return changedSince<Handover>(db, 'handovers', villageIds, cursor, limit);
}

/**
 * A record as the ledger stores it: its JSON text, written by the server from a validated record.
 * Pull pages carry it as it is; `T` says what it holds.
 */
export type StoredJson<T> = string & { readonly of?: T };

/** Records of the villages changed after `cursor`, oldest change first, as stored. */
function changedSince<T>(
  db: Db,
  table: 'cases' | 'applicants' | 'visits' | 'handovers',
  villageIds: string[],
  cursor: number,
  limit: number,
) {
  if (villageIds.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT data, seq FROM ${table} WHERE village_id IN (${marks(villageIds)}) AND seq > ? ORDER BY seq LIMIT ?`,
  ).all(...villageIds, cursor, limit) as { data: string; seq: number }[];
  return rows.map((r) => ({ seq: r.seq, json: r.data as StoredJson<T> }));
}

function marks(values: unknown[]): string {
  return values.map(() => '?').join(', ');
}

import type { Applicant, Case, Conflict, Handover, MutationResult, Visit } from '@daiban/schemas';
import { markBlobsReferenced } from './blobs.ts';
import { CONFLICT_ROWS } from './conflicts.ts';
import { inList, insertRows, listParam } from './dialect.ts';
import type { Db, SqlValue } from './driver.ts';
import { FOLLOWUP_ROWS, type StoredFollowup } from './followups.ts';
import { chained, chainHead, EVENT_ROWS, type NewEvent, type StoredEvent } from './ledger.ts';
import { type DeviceResult, MUTATION_RESULT_ROWS, mutationResultsOf, type StoredResult } from './mutation-results.ts';
import {
  APPLICANT_ROWS,
  type BlobLink,
  blobsOfCase,
  CASE_BLOB_ROWS,
  CASE_ROWS,
  HANDOVER_ROWS,
  type Projected,
  VISIT_BLOB_ROWS,
  VISIT_ROWS,
  withHistory,
} from './records.ts';

/** What a push's mutations name, read before the first of them applies: one statement per kind. */
export interface BatchKeys {
  mutationIds: string[];
  applicantIds: string[];
  /** Resident ID numbers registered in the pushing device's village. */
  idNumbers: string[];
  caseIds: string[];
  caseNumbers: string[];
  visitIds: string[];
  handoverIds: string[];
  slipNumbers: string[];
  blobs: string[];
}

/**
 * One push's view of the ledger and its writes, so that a push costs a few statements whatever its
 * size (on PostgreSQL each statement is a round trip, made while holding the writer lock). What the
 * mutations name is read up front (`load`); a name the keys missed is read when asked for. What they
 * write is kept here, seen by the mutations after it, and written by `flush`, one statement per table.
 * Valid only inside the transaction that holds the writer lock, where nobody else writes.
 */
export class PushBatch {
  private readonly applicants = new Map<string, Applicant | undefined>();
  private readonly applicantNumbers = new Map<string, string | undefined>();
  private readonly cases = new Map<string, Case | undefined>();
  private readonly caseNumbers = new Map<string, boolean>();
  private readonly visits = new Map<string, Visit | undefined>();
  private readonly handovers = new Map<string, Handover | undefined>();
  private readonly slipNumbers = new Map<string, boolean>();
  private readonly owners = new Map<string, string[]>();
  private readonly uploads = new Map<string, string | undefined>();
  private readonly results = new Map<string, StoredResult | undefined>();
  private head: { seq: number; hash: string } | undefined;

  private readonly events: StoredEvent[] = [];
  private readonly applicantRows = new Map<string, Projected<Applicant>>();
  private readonly caseRows = new Map<string, Projected<Case>>();
  private readonly visitRows = new Map<string, Projected<Visit>>();
  private readonly handoverRows = new Map<string, Projected<Handover>>();
  private readonly caseBlobs = new Map<string, BlobLink>();
  private readonly visitBlobs = new Map<string, BlobLink>();
  private readonly conflicts: Conflict[] = [];
  private readonly followups: StoredFollowup[] = [];
  private readonly resultRows: DeviceResult[] = [];
  /** How to take back each write, newest last. */
  private readonly undo: (() => void)[] = [];

  private constructor(readonly db: Db) {}

  /** The batch with what `keys` name read; `villageId` is the pushing device's. */
  static async load(db: Db, villageId: string | null, keys: BatchKeys): Promise<PushBatch> {
    const batch = new PushBatch(db);
    await batch.read(villageId, keys);
    return batch;
  }

  mutationResult(id: string): Promise<StoredResult | undefined> {
    return known(this.results, id, async () => (await mutationResultsOf(this.db, [id])).get(id));
  }

  applicant(id: string): Promise<Applicant | undefined> {
    return known(this.applicants, id, async () => (await this.records<Applicant>('applicants', [id]))[0]);
  }

  /** The id of the village's applicant with this resident ID number, if one is registered. */
  applicantIdByNumber(villageId: string, idNumber: string): Promise<string | undefined> {
    return known(this.applicantNumbers, `${villageId}\n${idNumber}`, async () => {
      const sql = 'SELECT id FROM applicants WHERE village_id = ? AND id_number = ?';
      return (await this.db.get<{ id: string }>(sql, villageId, idNumber))?.id;
    });
  }

  case(id: string): Promise<Case | undefined> {
    return known(this.cases, id, async () => (await this.records<Case>('cases', [id]))[0]);
  }

  caseNumberTaken(caseNumber: string): Promise<boolean> {
    return known(this.caseNumbers, caseNumber, async () =>
      Boolean(await this.db.get('SELECT 1 FROM cases WHERE case_number = ?', caseNumber)),
    );
  }

  visit(id: string): Promise<Visit | undefined> {
    return known(this.visits, id, async () => (await this.records<Visit>('visits', [id]))[0]);
  }

  handover(id: string): Promise<Handover | undefined> {
    return known(this.handovers, id, async () => (await this.records<Handover>('handovers', [id]))[0]);
  }

  slipNumberTaken(slipNumber: string): Promise<boolean> {
    return known(this.slipNumbers, slipNumber, async () =>
      Boolean(await this.db.get('SELECT 1 FROM handovers WHERE slip_number = ?', slipNumber)),
    );
  }

  /** The villages (or township) a stored blob was uploaded for. */
  blobOwners(sha256: string): Promise<string[]> {
    return known(this.owners, sha256, async () =>
      (await this.db.all<{ owner: string }>('SELECT owner FROM blob_owners WHERE sha256 = ?', sha256)).map((r) => r.owner),
    );
  }

  /** Whom an upload in progress of the blob is for. */
  uploadOwner(sha256: string): Promise<string | undefined> {
    return known(
      this.uploads,
      sha256,
      async () => (await this.db.get<{ owner: string }>('SELECT owner FROM blob_uploads WHERE sha256 = ?', sha256))?.owner,
    );
  }

  /** Appends an event to the ledger's hash chain and returns its sequence number. */
  async append(event: NewEvent): Promise<number> {
    const before = this.head;
    const stored = chained(before ?? (await chainHead(this.db)), event);
    this.head = stored;
    this.events.push(stored);
    this.undo.push(() => {
      this.events.pop();
      this.head = before;
    });
    return stored.seq;
  }

  insertApplicant(a: Applicant, seq: number): void {
    this.set(this.applicants, a.id, a);
    this.set(this.applicantNumbers, `${a.villageId}\n${a.idNumber}`, a.id);
    this.set(this.applicantRows, a.id, { record: a, seq });
  }

  /** The case's projection after event `seq` (appended in this batch), with the event on its timeline. */
  saveCase(c: Case, seq: number): void {
    const event = this.events.find((e) => e.seq === seq);
    if (!event) throw new Error(`event ${seq} was not appended in this batch`);
    const record = withHistory(c, event);
    this.set(this.cases, c.id, record);
    this.set(this.caseNumbers, c.caseNumber, true);
    this.set(this.caseRows, c.id, { record, seq });
    for (const sha256 of blobsOfCase(c)) this.set(this.caseBlobs, `${c.id}\n${sha256}`, { ownerId: c.id, sha256 });
  }

  saveVisit(v: Visit, seq: number): void {
    this.set(this.visits, v.id, v);
    this.set(this.visitRows, v.id, { record: v, seq });
    if (v.consent) this.set(this.visitBlobs, `${v.id}\n${v.consent.sha256}`, { ownerId: v.id, sha256: v.consent.sha256 });
  }

  saveHandover(h: Handover, seq: number): void {
    this.set(this.handovers, h.id, h);
    this.set(this.slipNumbers, h.slipNumber, true);
    this.set(this.handoverRows, h.id, { record: h, seq });
  }

  insertConflict(c: Conflict): void {
    this.add(this.conflicts, c);
  }

  insertFollowup(f: StoredFollowup): void {
    this.add(this.followups, f);
  }

  /** The answer a mutation got, kept so that a repeat of it is answered the same. */
  saveResult(deviceId: string, result: MutationResult): void {
    const { mutationId, ...answer } = result;
    this.set(this.results, mutationId, { deviceId, reason: null, message: null, ...answer });
    this.add(this.resultRows, { deviceId, result });
  }

  /** Where the writes stand now, for `rollbackTo`. */
  mark(): number {
    return this.undo.length;
  }

  /** Takes back every write made after `mark`. */
  rollbackTo(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()?.();
  }

  /** Writes what the batch holds, one statement per table (per row on SQLite), parents before children. */
  async flush(): Promise<void> {
    await insertRows(this.db, EVENT_ROWS, this.events);
    await insertRows(this.db, APPLICANT_ROWS, [...this.applicantRows.values()]);
    await insertRows(this.db, CASE_ROWS, [...this.caseRows.values()]);
    await insertRows(this.db, VISIT_ROWS, [...this.visitRows.values()]);
    await insertRows(this.db, HANDOVER_ROWS, [...this.handoverRows.values()]);
    await insertRows(this.db, CASE_BLOB_ROWS, [...this.caseBlobs.values()]);
    await insertRows(this.db, VISIT_BLOB_ROWS, [...this.visitBlobs.values()]);
    // A blob already linked is already marked (linking marks it; a blob stored later is stored marked).
    await markBlobsReferenced(
      this.db,
      [...this.caseBlobs.values(), ...this.visitBlobs.values()].map((l) => l.sha256),
    );
    await insertRows(this.db, CONFLICT_ROWS, this.conflicts);
    await insertRows(this.db, FOLLOWUP_ROWS, this.followups);
    await insertRows(this.db, MUTATION_RESULT_ROWS, this.resultRows);
  }

  /** The stored records of `table` with these ids, in one statement. */
  private async records<T>(table: 'applicants' | 'cases' | 'visits' | 'handovers', ids: string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.all<{ data: string }>(`SELECT data FROM ${table} WHERE ${inList(this.db, 'id')}`, listParam(ids));
    return rows.map((r) => JSON.parse(r.data) as T);
  }

  private set<V>(map: Map<string, V>, key: string, value: V): void {
    const had = map.has(key);
    const before = map.get(key);
    map.set(key, value);
    this.undo.push(() => (had ? map.set(key, before as V) : map.delete(key)));
  }

  private add<T>(list: T[], item: T): void {
    list.push(item);
    this.undo.push(() => list.pop());
  }

  private async read(villageId: string | null, keys: BatchKeys): Promise<void> {
    const rows = async <T>(keyList: string[], sql: string, ...first: SqlValue[]): Promise<T[]> =>
      keyList.length === 0 ? [] : this.db.all<T>(sql, ...first, listParam(keyList));
    const db = this.db;

    absent(this.results, keys.mutationIds, undefined);
    if (keys.mutationIds.length > 0) for (const [id, r] of await mutationResultsOf(db, keys.mutationIds)) this.results.set(id, r);

    absent(this.applicants, keys.applicantIds, undefined);
    for (const record of await this.records<Applicant>('applicants', keys.applicantIds)) this.applicants.set(record.id, record);
    if (villageId) {
      const numbered = keys.idNumbers.map((n) => `${villageId}\n${n}`);
      absent(this.applicantNumbers, numbered, undefined);
      const sql = `SELECT id, id_number AS "idNumber" FROM applicants WHERE village_id = ? AND ${inList(db, 'id_number')}`;
      for (const r of await rows<{ id: string; idNumber: string }>(keys.idNumbers, sql, villageId)) {
        this.applicantNumbers.set(`${villageId}\n${r.idNumber}`, r.id);
      }
    }

    absent(this.cases, keys.caseIds, undefined);
    for (const record of await this.records<Case>('cases', keys.caseIds)) this.cases.set(record.id, record);
    absent(this.caseNumbers, keys.caseNumbers, false);
    const numberSql = `SELECT case_number AS n FROM cases WHERE ${inList(db, 'case_number')}`;
    for (const r of await rows<{ n: string }>(keys.caseNumbers, numberSql)) this.caseNumbers.set(r.n, true);

    absent(this.visits, keys.visitIds, undefined);
    for (const record of await this.records<Visit>('visits', keys.visitIds)) this.visits.set(record.id, record);
    absent(this.handovers, keys.handoverIds, undefined);
    for (const record of await this.records<Handover>('handovers', keys.handoverIds)) this.handovers.set(record.id, record);
    absent(this.slipNumbers, keys.slipNumbers, false);
    const slipSql = `SELECT slip_number AS n FROM handovers WHERE ${inList(db, 'slip_number')}`;
    for (const r of await rows<{ n: string }>(keys.slipNumbers, slipSql)) this.slipNumbers.set(r.n, true);

    for (const sha256 of keys.blobs) this.owners.set(sha256, []);
    const ownerSql = `SELECT sha256, owner FROM blob_owners WHERE ${inList(db, 'sha256')}`;
    for (const r of await rows<{ sha256: string; owner: string }>(keys.blobs, ownerSql)) this.owners.get(r.sha256)?.push(r.owner);
    absent(this.uploads, keys.blobs, undefined);
    const uploadSql = `SELECT sha256, owner FROM blob_uploads WHERE ${inList(db, 'sha256')}`;
    for (const r of await rows<{ sha256: string; owner: string }>(keys.blobs, uploadSql)) this.uploads.set(r.sha256, r.owner);
  }
}

/** The value kept under `key`, read (and kept) when there is none yet. */
async function known<V>(map: Map<string, V>, key: string, read: () => Promise<V>): Promise<V> {
  if (!map.has(key)) map.set(key, await read());
  return map.get(key) as V;
}

/** Marks each key as read and not found, until a row says otherwise. */
function absent<V>(map: Map<string, V>, keys: string[], none: V): void {
  for (const key of keys) map.set(key, none);
}

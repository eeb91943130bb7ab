import { hash } from 'node:crypto';
import type { LedgerCheck } from '@daiban/schemas';
import { insertRows, type RowsOf } from './dialect.ts';
import type { Db } from './driver.ts';

export interface NewEvent {
  type: string;
  entityId: string;
  villageId: string | null;
  accountId: string | null;
  deviceId: string | null;
  mutationId: string | null;
  hlc: string | null;
  payload: unknown;
  recordedAt: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash that chains an event to the one before it; any edit of a stored field changes it. */
export function eventHash(prevHash: string, seq: number, e: Omit<NewEvent, 'payload'> & { payload: string }): string {
  return hash(
    'sha256',
    JSON.stringify([
      prevHash,
      seq,
      e.type,
      e.entityId,
      e.villageId,
      e.accountId,
      e.deviceId,
      e.mutationId,
      e.hlc,
      e.payload,
      e.recordedAt,
    ]),
  );
}

/** Appends an event no device made (the seed, the scenes of tests and benchmarks): no account, device, mutation or clock. */
export function appendSystemEvent(
  db: Db,
  type: string,
  entityId: string,
  villageId: string | null,
  payload: unknown,
  recordedAt: string,
): Promise<number> {
  return appendEvent(db, {
    type,
    entityId,
    villageId,
    accountId: null,
    deviceId: null,
    mutationId: null,
    hlc: null,
    payload,
    recordedAt,
  });
}

/**
 * Appends one event to the ledger and returns its sequence number. Call inside the
 * transaction that updates the projections, so the event and its effect commit together.
 */
export async function appendEvent(db: Db, event: NewEvent): Promise<number> {
  const stored = chained(await chainHead(db), event);
  await insertRows(db, EVENT_ROWS, [stored]);
  return stored.seq;
}

/** The event as the ledger stores it after `head`: numbered, its payload as JSON text, hashed into the chain. */
export function chained(head: { seq: number; hash: string }, event: NewEvent): StoredEvent {
  const seq = head.seq + 1;
  const payload = JSON.stringify(event.payload);
  return { ...event, seq, payload, prevHash: head.hash, hash: eventHash(head.hash, seq, { ...event, payload }) };
}

export const EVENT_ROWS: RowsOf<StoredEvent> = {
  table: 'events',
  columns: [
    'seq',
    'type',
    'entity_id',
    'village_id',
    'account_id',
    'device_id',
    'mutation_id',
    'hlc',
    'payload',
    'recorded_at',
    'prev_hash',
    'hash',
  ],
  row: (e) => [
    e.seq,
    e.type,
    e.entityId,
    e.villageId,
    e.accountId,
    e.deviceId,
    e.mutationId,
    e.hlc,
    e.payload,
    e.recordedAt,
    e.prevHash,
    e.hash,
  ],
};

export interface LedgerEventRow {
  seq: number;
  type: string;
  entityId: string;
  accountId: string | null;
  deviceId: string | null;
  recordedAt: string;
}

/** The events of one entity, oldest first (the case timeline). */
export async function eventsOf(db: Db, entityId: string): Promise<LedgerEventRow[]> {
  return (await db.all(
    `SELECT seq, type, entity_id AS "entityId", account_id AS "accountId", device_id AS "deviceId", recorded_at AS "recordedAt"
       FROM events WHERE entity_id = ? ORDER BY seq`,
    entityId,
  )) as LedgerEventRow[];
}

/** The chain's head: the newest event's place and hash (0 and the genesis hash for an empty ledger). */
export async function chainHead(db: Db): Promise<{ seq: number; hash: string }> {
  // Written as a MAX lookup so the plan reads as the rowid search it is (no scan, whatever the size).
  const last = (await db.get('SELECT seq, hash FROM events WHERE seq = (SELECT MAX(seq) FROM events)')) as
    | { seq: number; hash: string }
    | undefined;
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

/** The stored hash of event `seq`, if there is one. */
export async function eventHashAt(db: Db, seq: number): Promise<string | undefined> {
  if (seq === 0) return GENESIS_HASH;
  return ((await db.get('SELECT hash FROM events WHERE seq = ?', seq)) as { hash: string } | undefined)?.hash;
}

/** Sequence number of the newest event (0 for an empty ledger). */
export async function ledgerHead(db: Db): Promise<number> {
  return ((await db.get('SELECT COALESCE(MAX(seq), 0) AS seq FROM events')) as { seq: number }).seq;
}

export interface StoredEvent extends Omit<NewEvent, 'payload'> {
  seq: number;
  payload: string;
  prevHash: string;
  hash: string;
}

const EVENT_COLUMNS = `seq, type, entity_id AS "entityId", village_id AS "villageId", account_id AS "accountId",
  device_id AS "deviceId", mutation_id AS "mutationId", hlc, payload, recorded_at AS "recordedAt",
  prev_hash AS "prevHash", hash`;

/** Every stored event, oldest first, read one at a time (the ledger may be large). */
export function iterateEvents(db: Db): AsyncIterable<StoredEvent> {
  return db.iterate<StoredEvent>(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY seq`);
}

/**
 * Walks the hash chain: every sequence number present, every event's hash recomputed from its
 * fields and the previous hash. Names the first event where the chain breaks.
 */
export async function verifyLedger(db: Db): Promise<LedgerCheck> {
  let expected = 1;
  let prev = GENESIS_HASH;
  let events = 0;
  for await (const e of iterateEvents(db)) {
    events += 1;
    if (e.seq !== expected) {
      return {
        ok: false,
        events,
        problem: { seq: expected, kind: 'missing', message: `台账第 ${expected} 条事件缺失 (event ${expected} is missing)` },
      };
    }
    if (e.prevHash !== prev) {
      return {
        ok: false,
        events,
        problem: {
          seq: e.seq,
          kind: 'unchained',
          message: `台账第 ${e.seq} 条事件与上一条不相连 (event ${e.seq} does not chain to the one before)`,
        },
      };
    }
    if (eventHash(prev, e.seq, e) !== e.hash) {
      return {
        ok: false,
        events,
        problem: { seq: e.seq, kind: 'altered', message: `台账第 ${e.seq} 条事件已被改动 (event ${e.seq} was altered)` },
      };
    }
    prev = e.hash;
    expected += 1;
  }
  return { ok: true, events };
}

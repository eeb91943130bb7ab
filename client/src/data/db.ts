import type { Applicant, Case, ErrorReason, Mutation, ServiceItem, Session, Village } from '@daiban/schemas';
import { Dexie, type EntityTable, type Table } from 'dexie';

/** One queued mutation: written in the same transaction as the record it changes. */
export interface OutboxEntry {
  /** Same as mutation.deviceSeq: the outbox is ordered by the device's own sequence. */
  seq: number;
  entityId: string;
  mutation: Mutation;
}

/** A mutation the township refused for good: kept until the agent deals with it, never dropped. */
export interface Refusal {
  mutationId: string;
  entityId: string;
  mutation: Mutation;
  reason: ErrorReason;
  message: string;
  refusedAt: string;
}

/** Photo or scan bytes, content-addressed. `uploaded` is 0 until the server holds the bytes. */
export interface StoredBlob {
  sha256: string;
  blob: Blob;
  mime: string;
  size: number;
  uploaded: 0 | 1;
}

/** Applicants carry the last four characters of the ID number as an index for search. */
export type StoredApplicant = Applicant & { idTail: string };

export interface MetaValues {
  session: Session;
  cursor: number;
  deviceSeq: number;
  hlc: { wallMs: number; counter: number };
  lastSyncAt: string;
  [caseSeqKey: `caseSeq:${string}`]: number;
}

export interface MetaRow {
  key: keyof MetaValues & string;
  value: unknown;
}

/**
 * The tablet's database. Unsynced work lives in `outbox` and `blobs` and is never cleared
 * by the app; a schema change is a new `version()` that keeps every table's rows.
 */
export class DaibanDb extends Dexie {
  meta!: Table<MetaRow, string>;
  serviceItems!: Table<ServiceItem, [string, number]>;
  villages!: EntityTable<Village, 'id'>;
  applicants!: EntityTable<StoredApplicant, 'id'>;
  cases!: EntityTable<Case, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  refusals!: EntityTable<Refusal, 'mutationId'>;
  blobs!: EntityTable<StoredBlob, 'sha256'>;

  constructor(name = 'daiban') {
    super(name);
    this.version(1).stores({
      meta: 'key',
      serviceItems: '[code+version], code',
      villages: 'id',
      applicants: 'id, name, idNumber, idTail, phone',
      cases: 'id, caseNumber, status, applicantId, updatedAt',
      outbox: 'seq, entityId',
      refusals: 'mutationId, entityId',
      blobs: 'sha256, uploaded',
    });
  }
}

export const db = new DaibanDb();

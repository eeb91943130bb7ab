import type {
  Applicant,
  CalendarEntry,
  Case,
  Duty,
  ErrorReason,
  Handover,
  Mutation,
  ServiceItem,
  Session,
  SignedHead,
  Village,
  VillageAgent,
  Visit,
} from '@daiban/schemas';
import { Dexie, type EntityTable, type Table } from 'dexie';
import { Durability, durabilityMiddleware } from './durability.ts';
import type { RecordPage } from './page-sealing.ts';
import { RecordIndex, recordIndexMiddleware } from './record-index.ts';
import { type PageIds, PageState, recordPagesMiddleware } from './record-pages.ts';
import { sealingMiddleware, VaultState } from './sealing.ts';
import type { WrappedKey } from './vault-keys.ts';

/** One queued mutation: written in the same transaction as the record it changes. */
export interface OutboxEntry {
  /** Same as mutation.deviceSeq: the outbox is ordered by the device's own sequence. */
  seq: number;
  entityId: string;
  mutation: Mutation;
}

/** A photo the server does not hold yet: added with its bytes (`blobs`), deleted once the server verified them. */
export interface BlobOutboxEntry {
  sha256: string;
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

/**
 * Photo or scan bytes, content-addressed, kept once uploaded (cases and visits still show them). Rows
 * written before version 15 still carry an `uploaded` flag, which nothing reads: `blobOutbox` says
 * which photos wait.
 */
export interface StoredBlob {
  sha256: string;
  blob: Blob;
  mime: string;
  size: number;
  /** 1 when `blob` is sealed (vault.ts): AES-GCM's IV, then the bytes with their tag. */
  sealed?: 1;
}

/**
 * The agent's PIN: the data key wrapped under it and the server's key share (never the PIN, nor
 * anything that checks it offline), and the wrong PINs typed since the last right one, kept on
 * disk so that reloading the app does not reset the wait.
 */
export interface PinLock extends WrappedKey {
  id: 'pin';
  failures: number;
  /** Epoch ms before which no PIN is tried; 0 when there is no wait. */
  waitUntil: number;
}

/** The data key wrapped under the account password: it opens the tablet offline after a restart. */
export interface PasswordLock extends WrappedKey {
  id: 'password';
  failures: number;
  waitUntil: number;
  /**
   * The data key wrapped under a new password (修改密码) whose change the server has not confirmed
   * yet (its answer was lost): it opens the tablet too until the change is settled (password.ts).
   */
  next?: WrappedKey;
}

/** Who this tablet belongs to, in clear: the lock screen shows it before anything is unsealed. */
export type SignedIn = Pick<Session['account'], 'role' | 'username' | 'displayName'> & { deviceId: string };

export interface MetaValues {
  /** Sealed: it holds the device token. */
  session: Session;
  signedIn: SignedIn;
  cursor: number;
  /** Server time minus this device's clock, learned at each contact: HLCs use the server's idea of now. */
  clockOffsetMs: number;
  deviceSeq: number;
  hlc: { wallMs: number; counter: number };
  lastSyncAt: string;
  /** When the township revoked this device: sync stops for good, and everything unsynced stays here. */
  revokedAt: string;
  /** Ledger chain heads the server signed and this tablet saw (ledger/witnesses.ts on the server checks them). */
  ledgerWitnesses: SignedHead[];
  [caseSeqKey: `caseSeq:${string}`]: number;
  [slipSeqKey: `slipSeq:${string}`]: number;
}

export interface MetaRow {
  key: keyof MetaValues & string;
  value: unknown;
}

/**
 * The tablet's database. Unsynced work lives in `outbox`, `blobOutbox` and `blobs` and is never cleared
 * by the app; a schema change is a new `version()` that keeps every table's rows.
 */
export class DaibanDb extends Dexie {
  meta!: Table<MetaRow, string>;
  serviceItems!: Table<ServiceItem, [string, number]>;
  villages!: EntityTable<Village, 'id'>;
  applicants!: EntityTable<Applicant, 'id'>;
  cases!: EntityTable<Case, 'id'>;
  /** The server's last word on each record; the views above are these plus pending mutations. */
  serverCases!: EntityTable<Case, 'id'>;
  serverApplicants!: EntityTable<Applicant, 'id'>;
  visits!: EntityTable<Visit, 'id'>;
  handovers!: EntityTable<Handover, 'id'>;
  /** Read-only from the township: the village's agents and its duty roster. */
  agents!: EntityTable<VillageAgent, 'id'>;
  duty!: Table<Duty, [string, string]>;
  /** The township's holiday calendar (节假日 and 调休), replaced whole whenever the township edits it. */
  calendar!: Table<CalendarEntry, string>;
  serverHandovers!: EntityTable<Handover, 'id'>;
  serverVisits!: EntityTable<Visit, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  refusals!: EntityTable<Refusal, 'mutationId'>;
  blobs!: EntityTable<StoredBlob, 'sha256'>;
  blobOutbox!: EntityTable<BlobOutboxEntry, 'sha256'>;
  lock!: Table<PinLock | PasswordLock, 'pin' | 'password'>;
  /** Pulled cases and villagers, a page to a row, and which records each page holds (record-pages.ts). */
  pages!: EntityTable<RecordPage, 'id'>;
  pageIds!: Table<PageIds, [number, string]>;
  /** The keys of the sealed records while the tablet is unlocked (sealing.ts). */
  readonly vault = new VaultState();
  /** What the case lists and searches read of every case and villager, in memory until the vault closes (record-index.ts). */
  readonly records = new RecordIndex();
  /** Which page holds each paged record, and the pages opened lately (record-pages.ts). */
  readonly pageState = new PageState();
  /** Strict for every read-write transaction but those marked relaxed (durability.ts). */
  readonly durability = new Durability();

  /** This device's wall clock; tests replace it to play a tablet whose clock is wrong. */
  wallClock: () => number = () => Date.now();

  constructor(name = 'daiban') {
    super(name);
    this.use(sealingMiddleware(this.vault));
    this.use(recordIndexMiddleware(this.records));
    this.use(recordPagesMiddleware(this.pageState, this.vault));
    this.use(durabilityMiddleware(this.durability));
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
    // v2 keeps the server's version of each record beside the local view, so pending changes
    // can be replayed on top of pulled ones. An upgraded view stands in for the server's version
    // (replaying a pending edit on it changes nothing), unless the record was created offline.
    this.version(2)
      .stores({ serverCases: 'id', serverApplicants: 'id' })
      .upgrade(async (tx) => {
        const outbox = await tx.table<OutboxEntry>('outbox').toArray();
        const createdOffline = new Set(
          outbox
            .filter((e) => e.mutation.type === 'case.open' || e.mutation.type === 'applicant.register')
            .map((e) => e.entityId),
        );
        await tx.table('serverCases').bulkPut((await tx.table<Case>('cases').toArray()).filter((c) => !createdOffline.has(c.id)));
        const applicants = await tx.table<Applicant & { idTail?: string }>('applicants').toArray();
        await tx
          .table('serverApplicants')
          .bulkPut(applicants.filter((a) => !createdOffline.has(a.id)).map(({ idTail: _, ...a }) => a));
      });
    // v3 indexes what the case list filters on, so tens of thousands of cases stay fast.
    this.version(3).stores({
      cases: 'id, caseNumber, status, applicantId, updatedAt, [status+updatedAt], dueDate, serviceItemCode, createdAt',
    });
    // v4 adds home visits (上门代办), kept like cases: a view and the server's version.
    this.version(4).stores({ visits: 'id, plannedFor, status, applicantId', serverVisits: 'id' });
    // v5 adds handover slips (交接单), indexed by the cases they carry.
    this.version(5).stores({ handovers: 'id, *caseIds, createdAt', serverHandovers: 'id' });
    // v6 adds the village's agents (A/B posts) and the duty roster (值班表).
    this.version(6).stores({ agents: 'id, villageId', duty: '[villageId+date], date' });
    // v7 adds the township's holiday calendar, so countdowns skip holidays offline. Earlier versions
    // dropped the calendar from the pages they pulled, so the cursor starts over: the next pull sends
    // each record once more, in its newest form, with pending local changes replayed on top.
    this.version(7)
      .stores({ calendar: 'date' })
      .upgrade(async (tx) => {
        await tx.table<MetaRow>('meta').put({ key: 'cursor', value: 0 });
      });
    // v10 adds the offline lock's PIN verifier (8 and 9 were never used; gaps are fine).
    this.version(10).stores({ lock: 'id' });
    // v11: a case search by name reads the cases' [applicantId+updatedAt] keys, not the cases. Status
    // and applicant lookups use the compound indexes' first parts; creation dates were never queried.
    // Every index costs each pulled case a write.
    this.version(11).stores({
      cases: 'id, caseNumber, updatedAt, [status+updatedAt], [applicantId+updatedAt], dueDate, serviceItemCode',
    });
    // v12 seals records at rest (sealing.ts): applicants are found by keyed tokens, not by their names
    // and ID numbers in clear. The tablet's old PIN check goes (anyone holding the files could try
    // every PIN against it); the agent unlocks once with the password, which seals what is here.
    this.version(12)
      .stores({ applicants: 'id, *nameKeys, idTailKey, idNumberKey, *phoneKeys' })
      .upgrade(async (tx) => {
        const applicants = tx.table('applicants');
        await applicants.bulkPut((await applicants.toArray()).map(({ idTail: _, ...a }: Applicant & { idTail?: string }) => a));
        await tx.table('lock').delete('pin');
        const session = (await tx.table<MetaRow>('meta').get('session'))?.value as Session | undefined;
        if (session) await tx.table<MetaRow>('meta').put({ key: 'signedIn', value: signedInOf(session) });
      });
    // v13: the case lists and searches read the record index in memory (record-index.ts), not IndexedDB
    // indexes: cases and villagers keep only their ids, and a pulled record costs one row write, not
    // seven. The search tokens left in villagers' rows are dropped as they are read (sealing.ts).
    this.version(13).stores({ cases: 'id', applicants: 'id' });
    // v14: a full pulled page is stored whole, sealed, and its villagers and cases are read from it; their
    // ids are beside it in clear, a row per table (record-pages.ts): a fresh tablet's first sync writes
    // 300 rows, not 100,000. Rows already here stay rows of their own, which the tables read as before.
    this.version(14).stores({ pages: 'id', pageIds: '[page+table]' });
    // v15: the photos waiting to upload are rows of their own. Marking a photo uploaded in its own row
    // made the browser store its bytes again (2 ms of the browser's time for each photo of 280 KB).
    this.version(15)
      .stores({ blobs: 'sha256', blobOutbox: 'sha256' })
      .upgrade(async (tx) => {
        const waiting = await tx
          .table<StoredBlob & { uploaded?: 0 | 1 }>('blobs')
          .filter((b) => b.uploaded === 0)
          .primaryKeys();
        await tx.table<BlobOutboxEntry>('blobOutbox').bulkAdd(waiting.map((sha256) => ({ sha256 })));
      });
    // Only the "next version" built by e2e/pwa-update.spec.ts (VITE_TEST_EXTRA_SCHEMA=1) has v16: a real
    // upgrade (an index on photos, filled from the rows already there) for a tablet to go through
    // with unsynced work on it. Production builds drop this branch; the next real schema change takes 16.
    // (`env` is Vite's and Vitest's: the simulator runs this file under plain Node.)
    if (import.meta.env?.VITE_TEST_EXTRA_SCHEMA === '1') this.version(16).stores({ blobs: 'sha256, mime' });
  }
}

export function signedInOf(session: Session): SignedIn {
  const { role, username, displayName } = session.account;
  return { role, username, displayName, deviceId: session.device.id };
}

export const db = new DaibanDb();

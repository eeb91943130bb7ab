// A county-sized ledger for the growth benchmark: 20 townships of 10 villages, each township with
// its agents (A and B post a village), supervisor, admin and service catalog, and `events` events
// in all: villagers registered and a case opened for each, spread evenly over the 200 villages.
// Township 1 is the demo township the server seeds (the benchmark's tablets sign in there);
// townships 2–20 are written with the db module's own insert functions and their ledger events.
// The bulk (millions of events) is written as rows straight into the SQLite file: prepared
// statements, thousands of rows a transaction, each event hashed onto the chain as appendEvent
// does. They are the rows the push path writes: the first batch goes through applyPush, and the
// builder checks that its own rows for that batch are the same before it writes the rest.
// Built once and cached under os.tmpdir(), keyed by the schema and the code whose rows it copies.
// At 10,000,000 events the file takes about 30 GB, so it is served in place rather than copied
// for each run: each run's pushes (3,600 mutations) stay in it, and the next run's tablets go on
// from where the ledger says they stopped.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Account, type Mutation, newId, parseHlc, type ServiceItem, type Session, type Township } from '@daiban/schemas';
import Database, { type Statement } from 'better-sqlite3';
import { hashToken } from '../sync-server/src/auth/tokens.ts';
import { copyCountyCatalog } from '../sync-server/src/catalog/publishing.ts';
import {
  appendSystemEvent,
  chained,
  chainHead,
  countyOfTownship,
  EVENT_ROWS,
  getAccountByUsername,
  insertAccount,
  insertDevice,
  insertTownship,
  insertVillage,
  nextDeviceCode,
  openDb,
  type SqliteDb,
  type SqlValue,
  setDeviceLastSeq,
  townshipPrincipalByTokenHash,
} from '../sync-server/src/db/index.ts';
import { applyPush } from '../sync-server/src/sync/apply-push.ts';
import { onLedgerClock } from '../sync-server/src/sync/ledger-clock.ts';
import { FakeTablet } from '../sync-server/src/testing/fixtures.ts';
import type { CachedLedger, LedgerMeta } from './growth-ledger.ts';
import { firstServiceItem } from './ingest.ts';
import { signInDevices, startServerChild } from './server-child.ts';
import { pushBatch } from './workload.ts';

const CACHE = join(tmpdir(), 'daiban-bench-county');
const TOWNSHIPS = 20;
const VILLAGES = 10;
/** The benchmark's tablets, signed in over the demo township's villages. */
const DEVICES = 20;
/** Batches of 100 events per transaction while writing the bulk. */
const BATCHES_PER_COMMIT = 200;
/** The code whose rows the bulk copies: a change there builds the ledger again. */
const SOURCES = [
  './county-ledger.ts',
  './workload.ts',
  '../sync-server/src/testing/fixtures.ts',
  '../sync-server/src/db/records.ts',
  '../sync-server/src/db/ledger.ts',
  '../sync-server/src/db/mutation-results.ts',
  '../sync-server/src/db/push-batch.ts',
  '../sync-server/src/sync/apply-mutation.ts',
];
const MIGRATIONS = new URL('../sync-server/src/db/migrations/', import.meta.url);

/** The county ledger of at least `events` events (built and cached first if needed), to serve in place. */
export async function countyLedger(events: number): Promise<CachedLedger> {
  const dir = join(CACHE, `county-${events}-${cacheKey()}`);
  if (!existsSync(join(dir, 'meta.json'))) {
    // A county ledger built for an older schema takes gigabytes: it goes first.
    mkdirSync(CACHE, { recursive: true });
    for (const old of readdirSync(CACHE)) {
      if (old.startsWith(`county-${events}-`)) rmSync(join(CACHE, old), { recursive: true, force: true });
    }
    await build(events, dir);
  }
  const file = join(dir, 'ledger.sqlite');
  const built = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as LedgerMeta;
  return { file, meta: whereTabletsStopped(file, built), inPlace: true };
}

/**
 * The meta of a ledger earlier runs pushed to: the head now, and each tablet's last sequence number
 * as the ledger has it. Every push is of `pushBatch`es, 50 villagers for 100 mutations.
 */
function whereTabletsStopped(file: string, built: LedgerMeta): LedgerMeta {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const lastSeq = db.prepare<[string], number>('SELECT last_seq FROM devices WHERE id = ?').pluck();
    const devices = built.devices.map((d) => {
      const seq = lastSeq.get(d.session.device.id)!;
      return { ...d, lastSeq: seq, villagers: d.villagers + seq / 2 };
    });
    const head = db.prepare<[], number>('SELECT MAX(seq) FROM events').pluck().get()!;
    return { head, devices };
  } finally {
    db.close();
  }
}

function cacheKey(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS).sort()) hash.update(file).update(readFileSync(new URL(file, MIGRATIONS)));
  for (const source of SOURCES) hash.update(readFileSync(new URL(source, import.meta.url)));
  return hash.digest('hex').slice(0, 12);
}

/** A village's device that did the ledger's years of work, and the tablet that makes its mutations. */
interface HistoryDevice {
  tablet: FakeTablet;
  villagers: number;
}

async function build(events: number, dir: string): Promise<void> {
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const started = performance.now();
  console.log(`county: building a ledger of 20 townships and ${events.toLocaleString()} events…`);
  // The server itself seeds the demo township and signs the tablets in; then it stops.
  const server = await startServerChild(building);
  const sessions = await signInDevices(server.url, DEVICES);
  const item = await firstServiceItem(server.url, sessions[0]!.token);
  await server.stop();
  // The seeding server's ledger key, beside its data directory: every run's server makes its own.
  rmSync(`${building}-keys`, { recursive: true, force: true });

  const db = openDb(building);
  // The file is a cache: a crash while building means building again, so nothing is synced, and
  // 4 GiB of page cache hold the indexes while millions of random ids go in.
  db.raw.pragma('synchronous = OFF');
  db.raw.pragma('cache_size = -4194304');
  const now = new Date();
  await addTownships(db, sessions[0]!.township!, now);
  const devices = await historyDevices(db, now);
  await checkRowsAgainstApplyPush(db, devices[0]!, item, now);
  await writeBulk(db, devices, item, events, now);
  for (const d of devices) await setDeviceLastSeq(db, d.tablet.session.device.id, d.villagers * 2);
  const meta: LedgerMeta = {
    head: (await chainHead(db)).seq,
    // Their villagers are numbered above every history device's.
    devices: sessions.map((session, d) => ({ session, lastSeq: 0, villagers: 30_000_000 + d * 100_000 })),
  };
  db.raw.pragma('wal_checkpoint(TRUNCATE)');
  await db.close();
  writeFileSync(join(building, 'meta.json'), JSON.stringify(meta));
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  const size = statSync(join(dir, 'ledger.sqlite')).size;
  console.log(
    `county: built ${meta.head.toLocaleString()} events in ${Math.round((performance.now() - started) / 1000)} s, ` +
      `${(size / 2 ** 30).toFixed(2)} GiB`,
  );
}

/**
 * The demo county's further townships up to 20, as the seed writes a township: each record with its
 * ledger event. Their agents share the demo agents' password; their catalog is the county's.
 */
async function addTownships(db: SqliteDb, demo: Township, now: Date): Promise<void> {
  const at = now.toISOString();
  const passwordHash = (await getAccountByUsername(db, 'dxg-agent'))!.passwordHash;
  const county = await countyOfTownship(db, demo.id);
  if (!county) throw new Error('building the county ledger: the demo township has no county');
  const seeded = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM townships'))!.n;
  const event = (type: string, entityId: string, villageId: string | null, payload: unknown) =>
    appendSystemEvent(db, type, entityId, villageId, payload, at);
  const account = async (a: Omit<Account, 'id'>) => {
    const id = newId();
    const seq = await event('account.create', id, a.villageId, { id, username: a.username, role: a.role });
    await insertAccount(db, { id, ...a }, passwordHash, at, seq);
  };
  await db.transaction(async () => {
    for (let t = seeded + 1; t <= TOWNSHIPS; t++) {
      const township = { ...demo, id: `t-county-${t}`, code: `CT${t}`, name: `县${t}镇` };
      await insertTownship(db, township, county.id);
      await event('township.create', township.id, null, { ...township, countyId: county.id });
      for (let v = 0; v < VILLAGES; v++) {
        const code = villageCode((t - 2) * VILLAGES + v);
        const village = { id: `v-${code.toLowerCase()}`, townshipId: township.id, code, name: `${township.name}${v + 1}村` };
        await insertVillage(db, village, await event('village.create', village.id, village.id, village));
        for (const post of ['A', 'B'] as const) {
          const username = `${code.toLowerCase()}-agent${post === 'B' ? '-b' : ''}`;
          const phone = `139${String(t * 1000 + v * 10).padStart(8, '0')}`;
          await account({
            username,
            displayName: `代办员${code}${post}`,
            role: 'agent',
            phone,
            townshipId: township.id,
            villageId: village.id,
            post,
          });
        }
      }
      for (const role of ['supervisor', 'admin'] as const) {
        const phone = `0737-55${String(t).padStart(5, '0')}`;
        await account({
          username: `ct${t}-${role}`,
          displayName: `${role}${t}`,
          role,
          phone,
          townshipId: township.id,
          villageId: null,
          post: null,
        });
      }
      await copyCountyCatalog(db, { accountId: null, deviceId: null }, county.id, township.id, at);
    }
  });
}

/** Three capital letters from n, none starting as a demo village's code does. */
function villageCode(n: number): string {
  const letter = (i: number) => String.fromCharCode(65 + i);
  return `C${letter(Math.floor(n / 26))}${letter(n % 26)}`;
}

/** One device for each of the county's villages, enrolled for its A-post agent. */
async function historyDevices(db: SqliteDb, now: Date): Promise<HistoryDevice[]> {
  const agents = await db.all<Account & { townshipId: string }>(
    `SELECT a.id, a.username, a.display_name AS "displayName", a.role, a.phone, a.township_id AS "townshipId",
            a.village_id AS "villageId", a.post
       FROM accounts a WHERE a.role = 'agent' AND a.post = 'A' ORDER BY a.township_id, a.village_id`,
  );
  const devices: HistoryDevice[] = [];
  for (const account of agents) {
    const township = (await db.get<Township>(
      'SELECT id, code, name, phone, address FROM townships WHERE id = ?',
      account.townshipId,
    ))!;
    const village = (await db.get<{ id: string; townshipId: string; code: string; name: string }>(
      'SELECT id, township_id AS "townshipId", code, name FROM villages WHERE id = ?',
      account.villageId,
    ))!;
    const token = randomBytes(32).toString('base64url');
    const device = { id: newId(), code: await nextDeviceCode(db, village.id, 'agent'), name: '台账历史' };
    await insertDevice(db, {
      ...device,
      accountId: account.id,
      villageId: village.id,
      tokenHash: hashToken(token),
      createdAt: now.toISOString(),
    });
    const county = (await countyOfTownship(db, township.id)) ?? null;
    const session: Session = { token, device, account, township, county, village, priorEnrolments: [] };
    // Their HLCs a minute before the ledger records them, as a tablet that syncs promptly.
    devices.push({ tablet: new FakeTablet(session, () => new Date(now.getTime() - 60_000)), villagers: 0 });
  }
  return devices;
}

type Row = SqlValue[];

interface Rows {
  events: Row[];
  applicants: Row[];
  cases: Row[];
  results: Row[];
}

/**
 * The rows the push path writes for a batch of `applicant.register` and `case.open` mutations of
 * `tablet`, applied after the chain's head `head`: events chained on it (PushBatch.append), the
 * applicant and case projections (PushBatch.insertApplicant, saveCase with its first history line),
 * and the mutations' answers (PushBatch.saveResult).
 */
function rowsOf(tablet: FakeTablet, batch: Mutation[], head: { seq: number; hash: string }, now: Date): Rows {
  const { device, account, village } = tablet.session;
  const recordedAt = now.toISOString();
  const rows: Rows = { events: [], applicants: [], cases: [], results: [] };
  for (const pushed of batch) {
    const m = onLedgerClock(pushed, device.id, now);
    const entityId = m.type === 'applicant.register' || m.type === 'case.open' ? m.payload.id : undefined;
    if (!entityId) throw new Error(`the county ledger writes no ${m.type}`);
    const event = chained(head, {
      type: m.type,
      entityId,
      villageId: village!.id,
      accountId: account.id,
      deviceId: device.id,
      mutationId: m.id,
      hlc: m.hlc,
      payload: m.payload,
      recordedAt,
    });
    const { seq } = event;
    rows.events.push(EVENT_ROWS.row(event));
    if (m.type === 'applicant.register') {
      const a = m.payload;
      rows.applicants.push([a.id, a.villageId, a.idNumber, JSON.stringify(a), seq]);
    } else if (m.type === 'case.open') {
      const c = m.payload;
      // saveCase's history line: the HLC's wall time, never after the ledger recorded it.
      const wallMs = parseHlc(m.hlc).wallMs;
      const at = wallMs < now.getTime() ? new Date(wallMs).toISOString() : recordedAt;
      const history = [{ seq, type: m.type, recordedAt, by: account.id, at }];
      rows.cases.push([c.id, c.caseNumber, c.villageId, c.status, JSON.stringify({ ...c, history }), seq]);
    }
    rows.results.push([device.id, m.deviceSeq, m.id, 'applied', null, null]);
    head = event;
  }
  return rows;
}

const INSERTS = {
  events: `INSERT INTO events (seq, type, entity_id, village_id, account_id, device_id, mutation_id, hlc, payload, recorded_at, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  applicants: 'INSERT INTO applicants (id, village_id, id_number, data, seq) VALUES (?, ?, ?, ?, ?)',
  cases: 'INSERT INTO cases (id, case_number, village_id, status, data, seq) VALUES (?, ?, ?, ?, ?, ?)',
  results: `INSERT INTO mutation_results (device_id, device_seq, mutation_id, outcome, reason, message)
            VALUES (?, ?, ?, ?, ?, ?)`,
};

const SELECTS = {
  events: `SELECT seq, type, entity_id, village_id, account_id, device_id, mutation_id, hlc, payload, recorded_at, prev_hash, hash
             FROM events WHERE seq > ? ORDER BY seq`,
  applicants: 'SELECT id, village_id, id_number, data, seq FROM applicants WHERE seq > ? ORDER BY seq',
  cases: 'SELECT id, case_number, village_id, status, data, seq FROM cases WHERE seq > ? ORDER BY seq',
  results: `SELECT r.device_id, r.device_seq, r.mutation_id, r.outcome, r.reason, r.message
              FROM mutation_results r JOIN events e ON e.mutation_id = r.mutation_id WHERE e.seq > ? ORDER BY e.seq`,
};

/**
 * The first batch goes through applyPush, the function the push route calls; the rows it wrote must
 * be the rows `rowsOf` makes for it, or the bulk would not be the ledger the server keeps.
 */
async function checkRowsAgainstApplyPush(db: SqliteDb, device: HistoryDevice, item: ServiceItem, now: Date) {
  const { session } = device.tablet;
  const who = await townshipPrincipalByTokenHash(db, hashToken(session.token));
  const head = await chainHead(db);
  const batch = pushBatch(device.tablet, item, device.villagers);
  device.villagers += batch.length / 2;
  const refused = (await applyPush(db, who, batch, now)).find((r) => r.outcome !== 'applied');
  if (refused) throw new Error(`building the county ledger: ${refused.message}`);
  const expected = rowsOf(device.tablet, batch, head, now);
  for (const table of ['events', 'applicants', 'cases', 'results'] as const) {
    const written = db.raw.prepare(SELECTS[table]).raw().all(head.seq);
    if (JSON.stringify(written) !== JSON.stringify(expected[table])) {
      throw new Error(
        `the county ledger's ${table} rows differ from applyPush's:\n${JSON.stringify(written[0])}\n${JSON.stringify(expected[table][0])}`,
      );
    }
  }
}

/** Batches of 100 events, village after village, until the ledger holds `events`. */
async function writeBulk(db: SqliteDb, devices: HistoryDevice[], item: ServiceItem, events: number, now: Date) {
  const insert = Object.fromEntries(Object.entries(INSERTS).map(([table, sql]) => [table, db.raw.prepare<Row>(sql)])) as Record<
    keyof Rows,
    Statement<Row>
  >;
  let head = await chainHead(db);
  let v = 1;
  const commit = db.raw.transaction(() => {
    for (let i = 0; i < BATCHES_PER_COMMIT && head.seq < events; i++, v = (v + 1) % devices.length) {
      const device = devices[v]!;
      const batch = pushBatch(device.tablet, item, device.villagers);
      device.villagers += batch.length / 2;
      const rows = rowsOf(device.tablet, batch, head, now);
      for (const table of ['events', 'applicants', 'cases', 'results'] as const) {
        for (const row of rows[table]) insert[table].run(...row);
      }
      const last = rows.events.at(-1)!;
      head = { seq: last[0] as number, hash: last[11] as string };
    }
  });
  let reported = 0;
  while (head.seq < events) {
    commit();
    if (head.seq - reported >= 1_000_000) {
      reported = head.seq;
      console.log(`county: ${head.seq.toLocaleString()} events`);
    }
  }
}

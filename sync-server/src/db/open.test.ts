import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendEvent,
  eventsOf,
  ledgerHead,
  listLatestServiceItems,
  openDb,
  SqliteDb,
  serviceItemsChangedSince,
  serviceItemVersions,
  verifyLedger,
} from './index.ts';

const MIGRATIONS = new URL('./migrations/', import.meta.url);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A ledger file as a server that knew the migrations up to `version` left it. */
function ledgerAtVersion(version: number): SqliteDb {
  const db = new Database(join(dir, 'ledger.sqlite'));
  for (const file of readdirSync(MIGRATIONS).sort()) {
    if (!/^\d{3}-.*\.sql$/.test(file) || Number(file.slice(0, 3)) > version) continue;
    db.exec(readFileSync(new URL(file, MIGRATIONS), 'utf8'));
  }
  db.pragma(`user_version = ${version}`);
  return new SqliteDb(db);
}

const event = (entityId: string, mutationId: string | null) => ({
  type: 'applicant.register',
  entityId,
  villageId: null,
  accountId: null,
  deviceId: null,
  mutationId,
  hlc: null,
  payload: { entityId, note: '"引号" and \\ kept' },
  recordedAt: '2026-11-30T08:00:00.000Z',
});

describe('opening a ledger', () => {
  it('syncs the write-ahead log at every commit, so no acknowledged push is lost to a power cut', async () => {
    const db = openDb(dir);
    try {
      expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
      // 2 is FULL; NORMAL (1) syncs only at checkpoints, and a power cut could take back acknowledged commits.
      expect(db.raw.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      await db.close();
    }
  });
});

describe('opening a ledger written by an older server', () => {
  it('rebuilds the event table lean (migration 15) with every event, its hash chain and its indexes intact', async () => {
    const old = ledgerAtVersion(14);
    for (let i = 0; i < 300; i++) await appendEvent(old, event(`e${i % 7}`, `m${i}`));
    const before = await old.all('SELECT * FROM events ORDER BY seq');
    await old.close();

    const db = openDb(dir);
    try {
      expect(db.raw.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(15);
      expect(await db.all('SELECT * FROM events ORDER BY seq')).toEqual(before);
      expect(await verifyLedger(db)).toEqual({ ok: true, events: 300 });
      expect((await eventsOf(db, 'e3')).map((e) => e.seq)).toEqual(before.flatMap((_, i) => (i % 7 === 3 ? [i + 1] : [])));
      const table = Object.values((await db.get("SELECT sql FROM sqlite_master WHERE name = 'events'")) as object)[0] as string;
      expect(table).not.toMatch(/AUTOINCREMENT|UNIQUE/i);
      const indexes = (await db.all("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")).map(
        (r) => Object.values(r as object)[0],
      );
      expect(indexes.sort()).toEqual(['events_entity', 'events_type_time']);

      // The chain goes on from where the old server left it.
      expect(await appendEvent(db, event('e1', 'm300'))).toBe(301);
      expect(await ledgerHead(db)).toBe(301);
      expect((await verifyLedger(db)).ok).toBe(true);
    } finally {
      await db.close();
    }
  });

  /** A ledger as server 20 left it: `townships` townships and two versions of MZ-001 and one of MZ-002, each with its event. */
  async function catalogAtVersion20(townships: string[]) {
    const old = ledgerAtVersion(20);
    for (const id of townships) {
      await old.run(
        "INSERT INTO townships (id, code, name, phone, address) VALUES (?, ?, '镇', '0737', '地址')",
        id,
        id.toUpperCase(),
      );
    }
    const items = [
      { code: 'MZ-001', version: 1, name: '低保' },
      { code: 'MZ-002', version: 1, name: '五保' },
      { code: 'MZ-001', version: 2, name: '低保（新）' },
    ];
    for (const item of items) {
      const seq = await appendEvent(old, {
        ...event(`${item.code}@${item.version}`, null),
        type: 'catalog.publish',
        payload: item,
      });
      await old.run(
        'INSERT INTO service_items (code, version, data, seq) VALUES (?, ?, ?, ?)',
        item.code,
        item.version,
        JSON.stringify(item),
        seq,
      );
    }
    const events = await old.all('SELECT * FROM events ORDER BY seq');
    await old.close();
    return { items, events };
  }

  it('gives a one-township ledger’s catalog to its township (migration 21), events and sequences untouched', async () => {
    const { items, events } = await catalogAtVersion20(['t-one']);
    const db = openDb(dir);
    try {
      expect(await db.all('SELECT * FROM events ORDER BY seq')).toEqual(events);
      expect(await verifyLedger(db)).toEqual({ ok: true, events: 3 });
      expect(await serviceItemsChangedSince(db, 't-one', 0, 10)).toEqual(
        items.map((item, i) => ({ seq: i + 1, json: JSON.stringify(item) })),
      );
      expect((await listLatestServiceItems(db, 't-one')).map((i) => i.name)).toEqual(['低保（新）', '五保']);
    } finally {
      await db.close();
    }
  });

  it('copies the catalog of a ledger with several townships to each of them (migration 21), each copy its own', async () => {
    const { items, events } = await catalogAtVersion20(['t-one', 't-two']);
    const db = openDb(dir);
    try {
      expect(await db.all('SELECT * FROM events ORDER BY seq')).toEqual(events);
      for (const township of ['t-one', 't-two']) {
        expect(await serviceItemsChangedSince(db, township, 0, 10)).toEqual(
          items.map((item, i) => ({ seq: i + 1, json: JSON.stringify(item) })),
        );
      }
      // A version published later in one township is that township's only.
      const v3 = { code: 'MZ-001', version: 3, name: '低保（第三版）' };
      await db.run(
        "INSERT INTO service_items (township_id, code, version, data, seq) VALUES ('t-two', 'MZ-001', 3, ?, 4)",
        JSON.stringify(v3),
      );
      expect((await serviceItemVersions(db, 't-one', 'MZ-001')).map((i) => i.version)).toEqual([1, 2]);
      expect((await serviceItemVersions(db, 't-two', 'MZ-001')).map((i) => i.version)).toEqual([1, 2, 3]);
    } finally {
      await db.close();
    }
  });

  it('stops rather than drop catalog rows when the ledger has no township to give them to (migration 21)', async () => {
    await catalogAtVersion20([]);
    expect(() => openDb(dir)).toThrow(/CHECK constraint failed/);
    const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(20);
      expect(db.prepare('SELECT COUNT(*) FROM service_items').pluck().get()).toBe(3);
    } finally {
      db.close();
    }
  });
});

describe('opening a ledger from before counties (migration 22)', () => {
  /** A version-21 ledger with a township, a village, three accounts, their devices, a duty day and an enrolment code. */
  async function peopleAtVersion21() {
    const old = ledgerAtVersion(21);
    await old.exec(`
      INSERT INTO townships (id, code, name, phone, address) VALUES ('t-one', 'ONE', '一镇', '0737-1', '一路');
      INSERT INTO villages (id, township_id, code, name, seq) VALUES ('v-one', 't-one', 'ONE', '一村', 1);
      INSERT INTO accounts (id, username, display_name, role, phone, township_id, village_id, password_hash, created_at, post, seq, disabled_at)
        VALUES ('a-agent', 'agent-1', '代办员', 'agent', '138', 't-one', 'v-one', 'h1', '2026-11-01', 'A', 2, NULL),
               ('a-sup', 'sup-1', '审核员', 'supervisor', '139', 't-one', NULL, 'h2', '2026-11-01', NULL, 0, NULL),
               ('a-admin', 'admin-1', '管理员', 'admin', '137', 't-one', NULL, '', '2026-11-01', NULL, 0, '2026-11-02');
      INSERT INTO devices (id, account_id, village_id, code, name, token_hash, created_at)
        VALUES ('d-1', 'a-agent', 'v-one', 'T01', '平板', 'hash-1', '2026-11-01'),
               ('d-2', 'a-sup', NULL, 'S01', '电脑', 'hash-2', '2026-11-01');
      INSERT INTO duty_roster (village_id, date, account_id, seq) VALUES ('v-one', '2026-11-02', 'a-agent', 3);
    `);
    const accounts = await old.all<Record<string, unknown>>('SELECT * FROM accounts ORDER BY id');
    const devices = await old.all('SELECT * FROM devices ORDER BY id');
    await old.close();
    return { accounts, devices };
  }

  it('keeps every account, with its devices and duty, and lets accounts have a county instead of a township', async () => {
    const { accounts, devices } = await peopleAtVersion21();
    const db = openDb(dir);
    try {
      expect(db.raw.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(22);
      expect(await db.all('SELECT * FROM accounts ORDER BY id')).toEqual(accounts.map((a) => ({ ...a, county_id: null })));
      expect(await db.all('SELECT * FROM devices ORDER BY id')).toEqual(devices);
      expect(db.raw.pragma('foreign_key_check')).toEqual([]);
      expect(await db.get('SELECT account_id AS id FROM duty_roster')).toEqual({ id: 'a-agent' });
      await db.exec(`INSERT INTO counties (id, code, name) VALUES ('c-one', 'ONX', '一县');
        UPDATE townships SET county_id = 'c-one';
        INSERT INTO accounts (id, username, display_name, role, phone, township_id, password_hash, created_at, county_id)
          VALUES ('a-county', 'county-1', '县管理员', 'county_admin', '136', NULL, 'h', '2026-12-01', 'c-one');`);
      const account = (role: string, township: string | null, county: string | null) =>
        db.run(
          `INSERT INTO accounts (id, username, display_name, role, phone, township_id, password_hash, created_at, county_id)
           VALUES (?, ?, '某人', ?, '135', ?, 'h', '2026-12-01', ?)`,
          `a-${role}-${township}-${county}`,
          `u-${role}-${township}-${county}`.replace(/_/g, '-'),
          role,
          township,
          county,
        );
      // A county administrator has a county and no township; everyone else a township and no county.
      await expect(account('county_admin', 't-one', 'c-one')).rejects.toThrow(/CHECK constraint failed/);
      await expect(account('county_admin', null, null)).rejects.toThrow(/CHECK constraint failed/);
      await expect(account('admin', null, 'c-one')).rejects.toThrow(/CHECK constraint failed/);
      await expect(account('admin', 't-one', 'c-one')).rejects.toThrow(/CHECK constraint failed/);
      await expect(account('county_admin', null, 'c-nowhere')).rejects.toThrow(/FOREIGN KEY constraint failed/);
    } finally {
      await db.close();
    }
  });
});

describe('opening a ledger from before the paged case list (migration 23)', () => {
  it('fills each case’s submitted_at from its JSON (NULL for a case never submitted) and indexes the list', async () => {
    const old = ledgerAtVersion(22);
    await old.exec(`
      INSERT INTO townships (id, code, name, phone, address) VALUES ('t-one', 'ONE', '一镇', '0737-1', '一路');
      INSERT INTO villages (id, township_id, code, name, seq) VALUES ('v-one', 't-one', 'ONE', '一村', 1);
      INSERT INTO cases (id, case_number, village_id, status, data, seq) VALUES
        ('c-sent', 'ONE-1', 'v-one', 'submitted', '{"id":"c-sent","submittedAt":"2026-11-20T02:00:00.000Z"}', 2),
        ('c-draft', 'ONE-2', 'v-one', 'draft', '{"id":"c-draft"}', 3);
    `);
    const before = await old.all<Record<string, unknown>>('SELECT * FROM cases ORDER BY id');
    await old.close();

    const db = openDb(dir);
    try {
      expect(db.raw.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(23);
      const submittedAt: Record<string, string | null> = { 'c-sent': '2026-11-20T02:00:00.000Z', 'c-draft': null };
      expect(await db.all('SELECT * FROM cases ORDER BY id')).toEqual(
        before.map((c) => ({ ...c, submitted_at: submittedAt[c.id as string] })),
      );
      const plan = db.raw
        .prepare(
          `EXPLAIN QUERY PLAN SELECT data FROM cases WHERE status IN (?) AND village_id IN (?) AND submitted_at IS NOT NULL
             AND (submitted_at, id) > (?, ?) ORDER BY submitted_at, id LIMIT ?`,
        )
        .all('submitted', 'v-one', '2026-11-20T00:00:00.000Z', '', 51) as { detail: string }[];
      // One village's page is a range of the index read in order: no scan, no sort.
      expect(plan.map((p) => p.detail)).toEqual([
        'SEARCH cases USING INDEX cases_queue (status=? AND village_id=? AND (submitted_at,id)>(?,?))',
      ]);
    } finally {
      await db.close();
    }
  });
});

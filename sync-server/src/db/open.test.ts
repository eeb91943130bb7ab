import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent, type Db, eventsOf, ledgerHead, openDb, verifyLedger } from './index.ts';

const MIGRATIONS = new URL('./migrations/', import.meta.url);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A ledger file as a server that knew the migrations up to `version` left it. */
function ledgerAtVersion(version: number): Db {
  const db = new Database(join(dir, 'ledger.sqlite'));
  for (const file of readdirSync(MIGRATIONS).sort()) {
    if (!/^\d{3}-.*\.sql$/.test(file) || Number(file.slice(0, 3)) > version) continue;
    db.exec(readFileSync(new URL(file, MIGRATIONS), 'utf8'));
  }
  db.pragma(`user_version = ${version}`);
  return db;
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

describe('opening a ledger written by an older server', () => {
  it('rebuilds the event table lean (migration 15) with every event, its hash chain and its indexes intact', () => {
    const old = ledgerAtVersion(14);
    for (let i = 0; i < 300; i++) appendEvent(old, event(`e${i % 7}`, `m${i}`));
    const before = old.prepare('SELECT * FROM events ORDER BY seq').all();
    old.close();

    const db = openDb(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(15);
      expect(db.prepare('SELECT * FROM events ORDER BY seq').all()).toEqual(before);
      expect(verifyLedger(db)).toEqual({ ok: true, events: 300 });
      expect(eventsOf(db, 'e3').map((e) => e.seq)).toEqual(before.flatMap((_, i) => (i % 7 === 3 ? [i + 1] : [])));
      const table = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events'").pluck().get() as string;
      expect(table).not.toMatch(/AUTOINCREMENT|UNIQUE/i);
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").pluck().all();
      expect(indexes.sort()).toEqual(['events_entity', 'events_type_time']);

      // The chain goes on from where the old server left it.
      expect(appendEvent(db, event('e1', 'm300'))).toBe(301);
      expect(ledgerHead(db)).toBe(301);
      expect(verifyLedger(db).ok).toBe(true);
    } finally {
      db.close();
    }
  });
});

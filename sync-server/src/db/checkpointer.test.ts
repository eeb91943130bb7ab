import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer, WRITER_NET_PAGES } from './checkpointer.ts';
import { appendEvent, ledgerHead, openDb, openDbReadOnly, type SqliteDb, verifyLedger } from './index.ts';

let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-checkpointer-'));
  db = openDb(dir);
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const writeEvents = (n: number) =>
  db.transaction(async () => {
    for (let i = 0; i < n; i++) {
      await appendEvent(db, {
        type: 'test.event',
        entityId: `e${i}`,
        villageId: null,
        accountId: null,
        deviceId: null,
        mutationId: null,
        hlc: null,
        payload: { filler: 'x'.repeat(2000) },
        recordedAt: '2026-11-30T08:00:00.000Z',
      });
    }
  });

describe('the checkpointer', () => {
  it('copies committed pages into the ledger file from its own thread while the writer goes on, and stops cleanly', async () => {
    const errors: string[] = [];
    const checkpointer = startCheckpointer(db, dir, (message) => errors.push(message), 20);
    // The writer alone would leave all of this in the log: it checkpoints itself only past WRITER_NET_PAGES.
    expect(db.raw.pragma('wal_autocheckpoint', { simple: true })).toBe(WRITER_NET_PAGES);
    const fileBefore = statSync(join(dir, 'ledger.sqlite')).size;
    for (let round = 0; round < 5; round++) {
      await writeEvents(200);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await expect.poll(() => statSync(join(dir, 'ledger.sqlite')).size, { timeout: 5000 }).toBeGreaterThan(fileBefore + 1_000_000);
    await checkpointer.stop();
    expect(errors).toEqual([]);

    // Everything the writer committed is there, in order, the chain whole, seen from another connection.
    const reader = openDbReadOnly(dir);
    try {
      expect(await ledgerHead(reader)).toBe(1000);
      expect(await verifyLedger(reader)).toEqual({ ok: true, events: 1000 });
    } finally {
      await reader.close();
    }
  });

  it('keeps the log small when the worker has not caught up: the writer starts it over every WRITER_NET_PAGES', async () => {
    // Under steady pushes the worker never finds the log fully copied as a write begins: here it does not run at all.
    const checkpointer = startCheckpointer(db, dir, () => {}, 3_600_000);
    // Three times the limit of log.
    for (let round = 0; round < 15; round++) await writeEvents(400);
    await checkpointer.stop();
    // 25 MiB were written; the log holds at most its limit (4 MiB) and the transaction that crossed it.
    expect(statSync(join(dir, 'ledger.sqlite-wal')).size).toBeLessThan(8 * 1024 * 1024);
    expect(await ledgerHead(db)).toBe(6000);
  });
});

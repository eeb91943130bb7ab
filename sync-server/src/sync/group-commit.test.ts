import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent, type Db, eventsOf, ledgerHead, openDb, openDbReadOnly, verifyLedger } from '../db/index.ts';
import { inGroupCommit } from './group-commit.ts';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-group-commit-'));
  db = openDb(dir);
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const record = (entityId: string) =>
  appendEvent(db, {
    type: 'test.event',
    entityId,
    villageId: null,
    accountId: null,
    deviceId: null,
    mutationId: null,
    hlc: null,
    payload: { entityId },
    recordedAt: '2026-11-22T00:00:00.000Z',
  });

describe('group commit', () => {
  it('commits the writes queued in one turn together, rolls back only the one that throws, and settles after the commit', async () => {
    const head = await ledgerHead(db);
    const first = inGroupCommit(db, () => record('a'));
    const failing = inGroupCommit(db, async () => {
      await record('b');
      throw new Error('refused');
    });
    const third = inGroupCommit(db, () => record('c'));
    // Nothing is written before the turn ends.
    expect(await ledgerHead(db)).toBe(head);

    const [a, b, c] = await Promise.allSettled([first, failing, third]);
    expect(a).toEqual({ status: 'fulfilled', value: head + 1 });
    expect(b).toMatchObject({ status: 'rejected', reason: new Error('refused') });
    expect(c).toEqual({ status: 'fulfilled', value: head + 2 });

    // Committed: another connection to the file sees them, the chain holds, and b left no trace.
    const reader = openDbReadOnly(dir);
    try {
      expect(await ledgerHead(reader)).toBe(head + 2);
      expect(await eventsOf(reader, 'b')).toEqual([]);
      expect((await verifyLedger(reader)).ok).toBe(true);
    } finally {
      await reader.close();
    }
  });

  it('starts a new group for writes queued after the previous one committed', async () => {
    const head = await ledgerHead(db);
    await inGroupCommit(db, () => record('a'));
    await expect(inGroupCommit(db, () => record('b'))).resolves.toBe(head + 2);
  });
});

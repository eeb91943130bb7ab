import { residentIdCheckChar } from '@daiban/schemas';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { storePage } from '../sync/sync-engine.ts';
import { AGENT_SESSION } from '../testing/agent-session.ts';
import { emptyPage } from '../testing/sync-fixtures.ts';
import { makeCommands } from './commands.ts';
import { DaibanDb } from './db.ts';
import { setMeta } from './meta.ts';

const session = AGENT_SESSION;

const dbs: DaibanDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/**
 * The durability every read-write transaction of `db` was opened with while `work` ran. Dexie binds
 * IDBDatabase.transaction when it opens the database, so the spy goes in before `db` is opened.
 */
async function durabilities(db: DaibanDb, work: () => Promise<unknown>): Promise<string[]> {
  const opened: string[] = [];
  const transaction = IDBDatabase.prototype.transaction;
  const spy = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
    this: IDBDatabase,
    tables,
    mode,
    options,
  ) {
    if (mode === 'readwrite' && this.name === db.name) opened.push(String(options?.durability));
    return transaction.call(this, tables, mode, options);
  });
  try {
    await work();
    return opened;
  } finally {
    spy.mockRestore();
  }
}

describe('durability', () => {
  it("writes an agent's work strictly, so that a power cut after 已保存 cannot lose it", async () => {
    const db = new DaibanDb(`durability-${crypto.randomUUID()}`);
    dbs.push(db);
    const idNumber = `43098119480305002${residentIdCheckChar('43098119480305002')}`;
    const written = await durabilities(db, async () => {
      await setMeta(db, 'session', session);
      await makeCommands(db).registerApplicant({ name: '周桂香', idNumber, flags: [] });
    });
    expect(written.length).toBeGreaterThan(0);
    expect(new Set(written)).toEqual(new Set(['strict']));
  });

  it('writes a pulled page with its cursor relaxed: the server sends it again if a power cut loses both', async () => {
    const db = new DaibanDb(`durability-${crypto.randomUUID()}`);
    dbs.push(db);
    expect(await durabilities(db, () => storePage(db, emptyPage(7)))).toEqual(['relaxed']);
  });
});

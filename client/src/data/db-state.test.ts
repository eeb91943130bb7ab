import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { DaibanDb } from './db.ts';
import { type DbState, watchDbState } from './db-state.ts';

async function until(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function follow(db: Dexie) {
  const watched = watchDbState(db);
  const seen: DbState['state'][] = [];
  watched.subscribe(() => seen.push(watched.get().state));
  return { state: () => watched.get().state, seen };
}

describe('the database state the app shows', () => {
  it('is ready once opened', async () => {
    const followed = follow(new DaibanDb(`state-${crypto.randomUUID()}`));
    await until(() => followed.state() === 'ready');
  });

  it('says blocked while another window holds the old version open, then goes on by itself', async () => {
    const name = `state-${crypto.randomUUID()}`;
    // Another window with an older app: version 1, and it does not let go when asked.
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 10);
      req.onupgradeneeded = () => req.result.createObjectStore('meta', { keyPath: 'key' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const db = new DaibanDb(name);
    const followed = follow(db);
    await until(() => followed.state() === 'blocked');
    old.close();
    await until(() => followed.state() === 'ready');
    expect(followed.seen).toEqual(['blocked', 'ready']);
    expect(db.verno).toBe(15);
    expect(await db.outbox.count()).toBe(0);
  });

  it('closes and asks for a reload when another window upgrades the database under it', async () => {
    const name = `state-${crypto.randomUUID()}`;
    const db = new DaibanDb(name);
    const followed = follow(db);
    await until(() => followed.state() === 'ready');
    // The other window runs the next version, with one schema version more.
    const next = new Dexie(name);
    next.version(15).stores({ ...Object.fromEntries(db.tables.map((t) => [t.name, t.schema.primKey.src])), extra: 'id' });
    await next.open();
    expect(followed.state()).toBe('replaced');
    expect(db.isOpen()).toBe(false);
    // Closed for good: this window's old code does not reopen it with its old schema.
    await expect(db.outbox.count()).rejects.toThrow();
    next.close();
  });
});

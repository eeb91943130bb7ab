import { afterEach, describe, expect, it } from 'vitest';
import { DaibanDb } from './db.ts';
import { checkPinChoice, MAX_WAIT_MS, PIN_ITERATIONS, readLock, setPin, verifyPin, waitAfter } from './lock.ts';

let db: DaibanDb;
let n = 0;
const freshDb = () => {
  db = new DaibanDb(`lock-${Date.now()}-${n++}`);
  return db;
};
afterEach(() => db?.delete());

const T0 = Date.parse('2026-03-02T08:00:00Z');
const PIN = '482913';

/** Types the same wrong PIN `times` times at `at`; returns the last answer. */
async function wrong(times: number, at: number) {
  let last: Awaited<ReturnType<typeof verifyPin>> | undefined;
  for (let i = 0; i < times; i++) last = await verifyPin('000001', at, db);
  return last;
}

describe('choosing a PIN', () => {
  it('takes six digits typed the same twice', () => {
    expect(() => checkPinChoice(PIN, PIN)).not.toThrow();
    expect(() => checkPinChoice('48291', '48291')).toThrow(expect.objectContaining({ key: 'error.pinFormat' }));
    expect(() => checkPinChoice('48291a', '48291a')).toThrow(expect.objectContaining({ key: 'error.pinFormat' }));
    expect(() => checkPinChoice(PIN, '482914')).toThrow(expect.objectContaining({ key: 'error.pinMismatch' }));
  });

  it.each(['000000', '999999', '123456', '654321', '012345', '456789', '121212', '123123', '909090'])(
    'refuses the trivial PIN %s',
    (pin) => {
      expect(() => checkPinChoice(pin, pin)).toThrow(expect.objectContaining({ key: 'error.pinTrivial' }));
    },
  );

  it('stores a PBKDF2 verifier with a random 16-byte salt, never the PIN', async () => {
    await setPin(PIN, PIN, freshDb());
    const stored = await db.lock.get('pin');
    expect(stored).toMatchObject({ iterations: PIN_ITERATIONS, failures: 0, waitUntil: 0 });
    expect(atob(stored!.salt)).toHaveLength(16);
    expect(atob(stored!.verifier)).toHaveLength(32);
    const everything = JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
    expect(everything).not.toContain(PIN);
    expect(everything).not.toContain(btoa(PIN));
    // The same PIN set again gets another salt and so another verifier.
    await setPin(PIN, PIN, db);
    expect((await db.lock.get('pin'))?.verifier).not.toBe(stored!.verifier);
  });

  it('keeps the old PIN when the new choice is refused', async () => {
    await setPin(PIN, PIN, freshDb());
    await expect(setPin('123456', '123456', db)).rejects.toMatchObject({ key: 'error.pinTrivial' });
    expect(await verifyPin(PIN, T0, db)).toEqual({ outcome: 'unlocked' });
  });
});

describe('unlocking with the PIN', () => {
  it('opens with the right PIN and counts a wrong one', async () => {
    await setPin(PIN, PIN, freshDb());
    expect(await verifyPin('482914', T0, db)).toEqual({ outcome: 'wrong', failures: 1, waitUntil: 0 });
    expect(await readLock(db)).toEqual({ hasPin: true, failures: 1, waitUntil: 0 });
    expect(await verifyPin(PIN, T0, db)).toEqual({ outcome: 'unlocked' });
    expect(await readLock(db)).toEqual({ hasPin: true, failures: 0, waitUntil: 0 });
  });

  it('says so when no PIN was ever set', async () => {
    freshDb();
    expect(await readLock(db)).toEqual({ hasPin: false, failures: 0, waitUntil: 0 });
    await expect(verifyPin(PIN, T0, db)).rejects.toMatchObject({ key: 'error.noPin' });
  });

  it('waits 30 s after five wrong PINs, and refuses even the right PIN until then', async () => {
    await setPin(PIN, PIN, freshDb());
    expect(await wrong(4, T0)).toEqual({ outcome: 'wrong', failures: 4, waitUntil: 0 });
    expect(await wrong(1, T0)).toEqual({ outcome: 'wrong', failures: 5, waitUntil: T0 + 30_000 });
    expect(await verifyPin(PIN, T0 + 29_999, db)).toEqual({ outcome: 'wait', waitUntil: T0 + 30_000 });
    // Tries during the wait are not counted.
    expect((await readLock(db)).failures).toBe(5);
    expect(await verifyPin(PIN, T0 + 30_000, db)).toEqual({ outcome: 'unlocked' });
  });

  it('doubles the wait with each further wrong PIN, up to 15 minutes', async () => {
    await setPin(PIN, PIN, freshDb());
    await wrong(5, T0);
    const waits: number[] = [];
    let at = T0 + 30_000;
    for (let i = 0; i < 6; i++) {
      const answer = await verifyPin('000001', at, db);
      if (answer.outcome !== 'wrong') throw new Error(`expected a wrong PIN, got ${answer.outcome}`);
      waits.push(answer.waitUntil - at);
      at = answer.waitUntil;
    }
    expect(waits).toEqual([60_000, 120_000, 240_000, 480_000, MAX_WAIT_MS, MAX_WAIT_MS]);
    expect([1, 4, 5, 6, 10, 40].map(waitAfter)).toEqual([0, 0, 30_000, 60_000, MAX_WAIT_MS, MAX_WAIT_MS]);
  });

  it('keeps the count and the wait on disk: reopening the app does not reset them', async () => {
    const name = freshDb().name;
    await setPin(PIN, PIN, db);
    await wrong(5, T0);
    await wrong(1, T0 + 30_000);
    db.close();
    db = new DaibanDb(name);
    expect(await readLock(db)).toEqual({ hasPin: true, failures: 6, waitUntil: T0 + 90_000 });
    expect(await verifyPin(PIN, T0 + 89_000, db)).toEqual({ outcome: 'wait', waitUntil: T0 + 90_000 });
    expect(await verifyPin('000001', T0 + 90_000, db)).toEqual({ outcome: 'wrong', failures: 7, waitUntil: T0 + 210_000 });
  });

  it('counts wrong PINs typed side by side, each one', async () => {
    await setPin(PIN, PIN, freshDb());
    await Promise.all([1, 2, 3].map(() => verifyPin('000001', T0, db)));
    expect((await readLock(db)).failures).toBe(3);
  });

  it('starts the count again with a new PIN (after the password was checked online)', async () => {
    await setPin(PIN, PIN, freshDb());
    await wrong(5, T0);
    await setPin('730518', '730518', db);
    expect(await readLock(db)).toEqual({ hasPin: true, failures: 0, waitUntil: 0 });
    expect(await verifyPin(PIN, T0, db)).toMatchObject({ outcome: 'wrong', failures: 1 });
    expect(await verifyPin('730518', T0, db)).toEqual({ outcome: 'unlocked' });
  });
});

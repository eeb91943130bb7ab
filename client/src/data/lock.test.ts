import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reopenedTablet, signedInTablet, type TestTablet } from '../testing/test-tablet.ts';
import { checkPinChoice, MAX_WAIT_MS, readLock, setPin, unlockWithPassword, verifyPin, waitAfter } from './lock.ts';
import { loadVaultState } from './vault.ts';
import { PIN_ITERATIONS, pinSecrets, pinWrappingKey, toBase64, unwrapDataKey } from './vault-keys.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const T0 = Date.parse('2026-03-02T08:00:00Z');
const PIN = '482913';
const PASSWORD = 'daiban-agent';
/** Nothing listens there: a tablet started without the township link. */
const NO_SERVER = 'http://127.0.0.1:9';

/** A signed-in tablet with its PIN chosen. */
async function tabletWithPin(): Promise<TestTablet> {
  const tablet = await signedInTablet(server.url, 'dxg-agent');
  await setPin(PIN, PIN, tablet);
  return tablet;
}

/** The tablet after the app started again, its vault locked. */
async function restarted(tablet: TestTablet, baseUrl = server.url): Promise<TestTablet> {
  const again = reopenedTablet(tablet, baseUrl);
  await loadVaultState(again.db);
  return again;
}

/** Types the same wrong PIN `times` times at `at`; returns the last answer. */
async function wrong(tablet: TestTablet, times: number, at: number) {
  let last: Awaited<ReturnType<typeof verifyPin>> | undefined;
  for (let i = 0; i < times; i++) last = await verifyPin('000001', at, tablet);
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

  it('keeps only the data key wrapped under the PIN and the server’s share: the files alone cannot be tried PIN by PIN', async () => {
    const tablet = await tabletWithPin();
    const stored = await tablet.db.lock.get('pin');
    expect(Object.keys(stored ?? {}).sort()).toEqual(['failures', 'id', 'iterations', 'iv', 'salt', 'waitUntil', 'wrapped']);
    expect(stored).toMatchObject({ iterations: PIN_ITERATIONS, failures: 0, waitUntil: 0 });
    expect(atob(stored!.salt)).toHaveLength(16);
    const everything = JSON.stringify(await Promise.all(tablet.db.tables.map((t) => t.toArray())));
    expect(everything).not.toContain(PIN);
    // The right PIN with any share but the server's opens nothing.
    const { pinKey } = await pinSecrets(PIN, stored!.salt, stored!.iterations);
    const guessedShare = toBase64(crypto.getRandomValues(new Uint8Array(32)));
    expect(await unwrapDataKey(stored!, await pinWrappingKey(pinKey, guessedShare))).toBeUndefined();
    // The same PIN set again gets another salt and so another wrapping.
    await setPin(PIN, PIN, tablet);
    expect((await tablet.db.lock.get('pin'))?.wrapped).not.toBe(stored!.wrapped);
  });

  it('keeps the old PIN when the new choice is refused, and when the server cannot be reached', async () => {
    const tablet = await tabletWithPin();
    await expect(setPin('123456', '123456', tablet)).rejects.toMatchObject({ key: 'error.pinTrivial' });
    const offline = { db: tablet.db, api: (await restarted(tablet, NO_SERVER)).api };
    await expect(setPin('730518', '730518', { db: tablet.db, api: offline.api })).rejects.toMatchObject({
      key: 'error.pinNeedsServer',
    });
    const again = await restarted(tablet);
    expect(await verifyPin(PIN, T0, again)).toEqual({ outcome: 'unlocked' });
  });
});

describe('unlocking the screen while the app runs (offline)', () => {
  it('opens with the right PIN and counts a wrong one', async () => {
    const tablet = await tabletWithPin();
    expect(await verifyPin('482914', T0, tablet)).toEqual({ outcome: 'wrong', failures: 1, waitUntil: 0 });
    expect(await readLock(tablet.db)).toEqual({ hasPin: true, hasPassword: true, failures: 1, waitUntil: 0 });
    expect(await verifyPin(PIN, T0, tablet)).toEqual({ outcome: 'unlocked' });
    expect(await readLock(tablet.db)).toEqual({ hasPin: true, hasPassword: true, failures: 0, waitUntil: 0 });
  });

  it('says so when no PIN was ever set', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    expect(await readLock(tablet.db)).toEqual({ hasPin: false, hasPassword: true, failures: 0, waitUntil: 0 });
    await expect(verifyPin(PIN, T0, tablet)).rejects.toMatchObject({ key: 'error.noPin' });
  });

  it('waits 30 s after five wrong PINs, and refuses even the right PIN until then', async () => {
    const tablet = await tabletWithPin();
    expect(await wrong(tablet, 4, T0)).toEqual({ outcome: 'wrong', failures: 4, waitUntil: 0 });
    expect(await wrong(tablet, 1, T0)).toEqual({ outcome: 'wrong', failures: 5, waitUntil: T0 + 30_000 });
    expect(await verifyPin(PIN, T0 + 29_999, tablet)).toEqual({ outcome: 'wait', waitUntil: T0 + 30_000 });
    // Tries during the wait are not counted.
    expect((await readLock(tablet.db)).failures).toBe(5);
    expect(await verifyPin(PIN, T0 + 30_000, tablet)).toEqual({ outcome: 'unlocked' });
  });

  it('doubles the wait with each further wrong PIN, up to 15 minutes', async () => {
    const tablet = await tabletWithPin();
    await wrong(tablet, 5, T0);
    const waits: number[] = [];
    let at = T0 + 30_000;
    for (let i = 0; i < 6; i++) {
      const answer = await verifyPin('000001', at, tablet);
      if (answer.outcome !== 'wrong') throw new Error(`expected a wrong PIN, got ${answer.outcome}`);
      waits.push(answer.waitUntil - at);
      at = answer.waitUntil;
    }
    expect(waits).toEqual([60_000, 120_000, 240_000, 480_000, MAX_WAIT_MS, MAX_WAIT_MS]);
    expect([1, 4, 5, 6, 10, 40].map(waitAfter)).toEqual([0, 0, 30_000, 60_000, MAX_WAIT_MS, MAX_WAIT_MS]);
  });

  it('counts wrong PINs typed side by side, each one', async () => {
    const tablet = await tabletWithPin();
    await Promise.all([1, 2, 3].map(() => verifyPin('000001', T0, tablet)));
    expect((await readLock(tablet.db)).failures).toBe(3);
  });

  it('starts the count again with a new PIN', async () => {
    const tablet = await tabletWithPin();
    await wrong(tablet, 5, T0);
    await setPin('730518', '730518', tablet);
    expect(await readLock(tablet.db)).toMatchObject({ hasPin: true, failures: 0, waitUntil: 0 });
    expect(await verifyPin(PIN, T0, tablet)).toMatchObject({ outcome: 'wrong', failures: 1 });
    expect(await verifyPin('730518', T0, tablet)).toEqual({ outcome: 'unlocked' });
  });
});

describe('opening the tablet after a start of the app', () => {
  it('opens the vault with the PIN and the server’s share; a wrong PIN is counted here and on the server', async () => {
    const tablet = await restarted(await tabletWithPin());
    expect(tablet.db.vault.isOpen).toBe(false);
    await expect(tablet.db.meta.get('session')).rejects.toMatchObject({ key: 'error.vaultLocked' });
    expect(await verifyPin('000001', T0, tablet)).toEqual({ outcome: 'wrong', failures: 1, waitUntil: 0 });
    const device = (await tablet.db.meta.get('signedIn'))?.value as { deviceId: string };
    expect(await server.db.get('SELECT pin_failures AS n FROM devices WHERE id = ?', device.deviceId)).toEqual({ n: 1 });
    expect(await verifyPin(PIN, T0, tablet)).toEqual({ outcome: 'unlocked' });
    expect(tablet.db.vault.isOpen).toBe(true);
    expect((await tablet.db.meta.get('session'))?.value).toMatchObject({ account: { username: 'dxg-agent' } });
  });

  it('keeps the count and the wait on disk: starting the app again does not reset them', async () => {
    const first = await tabletWithPin();
    await wrong(first, 5, T0);
    await wrong(first, 1, T0 + 30_000);
    const tablet = await restarted(first);
    expect(await readLock(tablet.db)).toMatchObject({ hasPin: true, failures: 6, waitUntil: T0 + 90_000 });
    expect(await verifyPin(PIN, T0 + 89_000, tablet)).toEqual({ outcome: 'wait', waitUntil: T0 + 90_000 });
    expect(await verifyPin('000001', T0 + 90_000, tablet)).toEqual({ outcome: 'wrong', failures: 7, waitUntil: T0 + 210_000 });
  });

  it('without the township link the PIN cannot open it, and the password can, wrong passwords counted', async () => {
    const tablet = await restarted(await tabletWithPin(), NO_SERVER);
    await expect(verifyPin(PIN, T0, tablet)).rejects.toMatchObject({ key: 'error.pinNeedsServer' });
    expect(await unlockWithPassword('wrong-password', T0, tablet)).toEqual({ outcome: 'wrong', failures: 1, waitUntil: 0 });
    expect(tablet.db.vault.isOpen).toBe(false);
    expect(await unlockWithPassword(PASSWORD, T0, tablet)).toEqual({ outcome: 'unlocked' });
    expect(tablet.db.vault.isOpen).toBe(true);
    // The PIN itself was never checked in this run: until the link is back the password unlocks the screen.
    await expect(verifyPin(PIN, T0, tablet)).rejects.toMatchObject({ key: 'error.pinNeedsServer' });
    expect(await unlockWithPassword(PASSWORD, T0, tablet)).toEqual({ outcome: 'unlocked' });
  });

  it('once the device is revoked the PIN opens nothing, and the password still opens the unsynced work', async () => {
    const tablet = await tabletWithPin();
    const applicantId = await tablet.commands.registerApplicant({ name: '周桂香', idNumber: '11010519491231002X', flags: [] });
    const admin = await server.login('admin');
    const device = (await tablet.db.meta.get('signedIn'))?.value as { deviceId: string };
    await server.api(`/api/devices/${device.deviceId}/revoke`, { method: 'POST', token: admin.token });
    const again = await restarted(tablet);
    await expect(verifyPin(PIN, T0, again)).rejects.toMatchObject({ key: 'error.pinDisabled' });
    expect(await unlockWithPassword(PASSWORD, T0, again)).toEqual({ outcome: 'unlocked' });
    expect(await again.db.applicants.get(applicantId)).toMatchObject({ name: '周桂香' });
    expect(await again.db.outbox.count()).toBe(1);
  });
});

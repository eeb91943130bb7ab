import type { ApiClient } from '../sync/api-client.ts';
import { NetworkError, ServerError } from '../sync/api-client.ts';
import { db as appDb, type DaibanDb, type PasswordLock, type PinLock } from './db.ts';
import { CommandError } from './errors.ts';
import { getMeta } from './meta.ts';
import { settlePendingPassword } from './password.ts';
import { api as appApi } from './services.ts';
import { createVault, dataKeyFromPassword, dataKeyOf, openVault, sealStoredPhotos } from './vault.ts';
import { newSalt, PIN_ITERATIONS, pinSecrets, pinWrappingKey, unwrapDataKey, wrapDataKey } from './vault-keys.ts';

/**
 * The offline lock (docs/operations.md, "A lost tablet"). The PIN unwraps the tablet's data key
 * together with the key share the server hands out for the PIN's proof: the tablet's files alone
 * cannot be tried PIN by PIN. Once the app runs unlocked, the key stays in memory and the PIN
 * unlocks the screen offline; after a restart without the township link, the password opens it.
 */

/** Wrong PINs allowed before the first wait. */
export const FREE_ATTEMPTS = 5;
export const FIRST_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 15 * 60_000;

export type PinCheck =
  /** `settling`: a password change this unlock is settling with the server, in the background (password.ts). */
  | { outcome: 'unlocked'; settling?: Promise<void> }
  | { outcome: 'wrong'; failures: number; waitUntil: number }
  | { outcome: 'wait'; waitUntil: number };

export interface LockInfo {
  hasPin: boolean;
  /** The data key is also wrapped under the password: the tablet opens offline after a restart. */
  hasPassword: boolean;
  failures: number;
  waitUntil: number;
}

type Deps = { db: DaibanDb; api: ApiClient };
const appDeps: Deps = { db: appDb, api: appApi };

/** The PIN's proof of this run, kept in memory only: the screen unlocks offline while the app runs. */
const provenThisRun = new WeakMap<DaibanDb, string>();

/** The wait after this many wrong PINs in a row: none for the first few, then 30 s doubling up to 15 min. */
export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_MS);
}

/** Six digits, and not one a stranger would try first (000000, 123456, 121212, 123123 …). */
export function checkPinChoice(pin: string, confirmation: string): void {
  if (!/^\d{6}$/.test(pin)) throw new CommandError('error.pinFormat', 'invalid');
  const steps = new Set([...pin].slice(1).map((d, i) => (Number(d) - Number(pin[i]) + 10) % 10));
  const isStraight = steps.size === 1 && (steps.has(1) || steps.has(9) || steps.has(0));
  const isRepeated = pin.slice(0, 2).repeat(3) === pin || pin.slice(0, 3).repeat(2) === pin;
  if (isStraight || isRepeated) throw new CommandError('error.pinTrivial', 'invalid');
  if (pin !== confirmation) throw new CommandError('error.pinMismatch', 'invalid');
}

/**
 * Sets (or replaces) the PIN, with the vault open: its proof goes to the server, which answers the
 * device's key share; the data key is wrapped under both. The wrong-PIN count starts again.
 */
export async function setPin(pin: string, confirmation: string, { db, api }: Deps = appDeps): Promise<void> {
  checkPinChoice(pin, confirmation);
  const salt = newSalt();
  const { proof, pinKey } = await pinSecrets(pin, salt, PIN_ITERATIONS);
  const { keyShare } = await api.registerPin({ proof }).catch(needsServer);
  const wrapped = await wrapDataKey(dataKeyOf(db), await pinWrappingKey(pinKey, keyShare), salt, PIN_ITERATIONS);
  await db.lock.put({ id: 'pin', ...wrapped, failures: 0, waitUntil: 0 } satisfies PinLock);
  provenThisRun.set(db, proof);
}

/**
 * Checks a PIN typed on the lock screen. While a wait runs, no PIN is tried at all. A wrong PIN
 * is counted on disk before the answer is given, so closing the app does not undo it. After a
 * start of the app the server checks the proof (and counts too) and answers the key share.
 */
export async function verifyPin(pin: string, now: number = Date.now(), { db, api }: Deps = appDeps): Promise<PinCheck> {
  const lock = await db.lock.get('pin');
  if (lock?.id !== 'pin') throw new CommandError('error.noPin', 'not_found');
  if (now < lock.waitUntil) return { outcome: 'wait', waitUntil: lock.waitUntil };
  const { proof, pinKey } = await pinSecrets(pin, lock.salt, lock.iterations);
  const proven = provenThisRun.get(db);
  let right: boolean;
  if (db.vault.isOpen && proven) {
    right = sameText(proof, proven);
  } else {
    right = await askServer(db, api, proof, async (keyShare) => {
      const dataKey = await unwrapDataKey(lock, await pinWrappingKey(pinKey, keyShare));
      if (!dataKey) throw new CommandError('error.pinDisabled', 'not_allowed');
      await openVault(db, dataKey);
      provenThisRun.set(db, proof);
    });
  }
  return countAttempt(db, 'pin', lock.salt, right, now);
}

/**
 * The account password on the lock screen: it unwraps the data key on the tablet itself, offline.
 * A tablet whose key was never wrapped under the password (enrolled with a code, or from before
 * records were sealed) has the password checked online and its vault made now.
 */
export async function unlockWithPassword(
  password: string,
  now: number = Date.now(),
  { db, api }: Deps = appDeps,
): Promise<PinCheck> {
  const lock = await db.lock.get('password');
  if (lock?.id !== 'password') {
    await api.confirmPassword({ password });
    await createVault(db, password);
    void sealStoredPhotos(db);
    return { outcome: 'unlocked' };
  }
  if (now < lock.waitUntil) return { outcome: 'wait', waitUntil: lock.waitUntil };
  const dataKey = await dataKeyFromPassword(lock, password);
  // A password change not confirmed yet: its new password opens the tablet too (password.ts).
  const byNext = !dataKey && lock.next ? await dataKeyFromPassword(lock.next, password) : undefined;
  const opened = dataKey ?? byNext;
  if (opened) await openVault(db, opened);
  const check = await countAttempt(db, 'password', lock.salt, opened !== undefined, now);
  if (check.outcome !== 'unlocked' || !lock.next) return check;
  return { outcome: 'unlocked', settling: settlePendingPassword(password, byNext !== undefined, { db, api }) };
}

export async function readLock(db: DaibanDb = appDb): Promise<LockInfo> {
  const [pin, password] = await Promise.all([db.lock.get('pin'), db.lock.get('password')]);
  return {
    hasPin: pin !== undefined,
    hasPassword: password !== undefined,
    failures: pin?.failures ?? 0,
    waitUntil: pin?.waitUntil ?? 0,
  };
}

/**
 * Counts an attempt on the lock's row: a right one clears the count, a wrong one adds to it and
 * may start a wait. The row is read again inside the transaction, so attempts made side by side
 * are all counted and a wait that began meanwhile still holds.
 */
async function countAttempt(db: DaibanDb, id: 'pin' | 'password', salt: string, right: boolean, now: number): Promise<PinCheck> {
  return db.transaction('rw', db.lock, async (): Promise<PinCheck> => {
    const current = await db.lock.get(id);
    if (!current) throw new CommandError('error.noPin', 'not_found');
    if (now < current.waitUntil) return { outcome: 'wait', waitUntil: current.waitUntil };
    if (right && current.salt === salt) {
      await db.lock.update(id, { failures: 0, waitUntil: 0 });
      return { outcome: 'unlocked' };
    }
    const failures = current.failures + 1;
    const wait = waitAfter(failures);
    const waitUntil = wait > 0 ? now + wait : 0;
    await db.lock.update(id, { failures, waitUntil } satisfies Partial<PinLock | PasswordLock>);
    return { outcome: 'wrong', failures, waitUntil };
  });
}

/** The server's answer to a PIN's proof: true when it handed out the share (and `onShare` opened the vault). */
async function askServer(
  db: DaibanDb,
  api: ApiClient,
  proof: string,
  onShare: (keyShare: string) => Promise<void>,
): Promise<boolean> {
  const signedIn = await getMeta(db, 'signedIn');
  if (!signedIn) throw new CommandError('error.noPin', 'not_found');
  try {
    const { keyShare } = await api.unlockWithPin({ deviceId: signedIn.deviceId, proof });
    await onShare(keyShare);
    return true;
  } catch (error) {
    if (error instanceof ServerError && error.reason === 'wrong_pin') return false;
    if (error instanceof ServerError && (error.reason === 'pin_disabled' || error.reason === 'device_revoked')) {
      throw new CommandError('error.pinDisabled', 'not_allowed');
    }
    return needsServer(error);
  }
}

/** The township server could not be reached: the PIN cannot be set, nor open the tablet after a restart. */
function needsServer(error: unknown): never {
  if (error instanceof NetworkError) throw new CommandError('error.pinNeedsServer', 'not_allowed');
  throw error;
}

/** Compares every character, whatever the first difference, so timing says nothing about the PIN. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

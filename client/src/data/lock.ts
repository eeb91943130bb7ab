import { db as appDb, type DaibanDb, type PinLock } from './db.ts';
import { CommandError } from './errors.ts';

/**
 * The offline lock's PIN. Only a PBKDF2-SHA-256 verifier is stored. 210,000 iterations is the
 * floor we hold to; it takes 40–100 ms in Chromium on the township's x86 PCs, so a cheap tablet
 * that is 3–5 times slower still unlocks in about 300 ms. The count is stored with each verifier
 * so that a later release can raise it for new PINs without breaking the old ones.
 */
export const PIN_ITERATIONS = 210_000;
/** Wrong PINs allowed before the first wait. */
export const FREE_ATTEMPTS = 5;
export const FIRST_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 15 * 60_000;

export type PinCheck =
  | { outcome: 'unlocked' }
  | { outcome: 'wrong'; failures: number; waitUntil: number }
  | { outcome: 'wait'; waitUntil: number };

export interface LockInfo {
  hasPin: boolean;
  failures: number;
  waitUntil: number;
}

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

/** Sets (or replaces) the PIN; the count of wrong PINs starts again from zero. */
export async function setPin(pin: string, confirmation: string, db: DaibanDb = appDb): Promise<void> {
  checkPinChoice(pin, confirmation);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const verifier = await derive(pin, salt, PIN_ITERATIONS);
  await db.lock.put({
    id: 'pin',
    salt: toBase64(salt),
    iterations: PIN_ITERATIONS,
    verifier: toBase64(verifier),
    failures: 0,
    waitUntil: 0,
  });
}

/**
 * Checks a PIN typed on the lock screen. While a wait runs, no PIN is tried at all. A wrong PIN
 * is counted on disk before the answer is given, so closing the app does not undo it.
 */
export async function verifyPin(pin: string, now: number = Date.now(), db: DaibanDb = appDb): Promise<PinCheck> {
  const lock = await db.lock.get('pin');
  if (!lock) throw new CommandError('error.noPin', 'not_found');
  if (now < lock.waitUntil) return { outcome: 'wait', waitUntil: lock.waitUntil };
  const derived = await derive(pin, fromBase64(lock.salt), lock.iterations);
  // WebCrypto runs outside the transaction; the row is read again inside it, so attempts made
  // side by side are all counted and a wait that began meanwhile still holds.
  return db.transaction('rw', db.lock, async (): Promise<PinCheck> => {
    const current = await db.lock.get('pin');
    if (!current) throw new CommandError('error.noPin', 'not_found');
    if (now < current.waitUntil) return { outcome: 'wait', waitUntil: current.waitUntil };
    if (current.salt === lock.salt && sameBytes(derived, fromBase64(current.verifier))) {
      await db.lock.update('pin', { failures: 0, waitUntil: 0 });
      return { outcome: 'unlocked' };
    }
    const failures = current.failures + 1;
    const wait = waitAfter(failures);
    const waitUntil = wait > 0 ? now + wait : 0;
    await db.lock.update('pin', { failures, waitUntil } satisfies Partial<PinLock>);
    return { outcome: 'wrong', failures, waitUntil };
  });
}

export async function readLock(db: DaibanDb = appDb): Promise<LockInfo> {
  const lock = await db.lock.get('pin');
  return { hasPin: lock !== undefined, failures: lock?.failures ?? 0, waitUntil: lock?.waitUntil ?? 0 };
}

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
}

/** Compares every byte, whatever the first difference, so timing says nothing about the PIN. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

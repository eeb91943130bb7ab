import type { DaibanDb, PasswordLock, StoredBlob } from './db.ts';
import { VaultLockedError } from './sealing.ts';
import { newDataKey, passwordWrappingKey, subKey, unwrapDataKey, type WrappedKey, wrapUnderPassword } from './vault-keys.ts';

/**
 * The tablet's vault (docs/operations.md, "A lost tablet"): its records are sealed under a data key
 * that is in memory only while the app runs unlocked. lock.ts opens it with the PIN; this module
 * creates it, opens it with the password, and seals photos.
 */

/** Every table whose rows are sealed: written again once the vault exists, so old clear rows are sealed too. */
const SEALED_TABLES = [
  'meta',
  'applicants',
  'serverApplicants',
  'cases',
  'serverCases',
  'visits',
  'serverVisits',
  'handovers',
  'serverHandovers',
  'outbox',
  'refusals',
  'agents',
] as const;

/** Reads whether this database holds sealed records (a tablet with a vault); call once it is open. */
export async function loadVaultState(db: DaibanDb): Promise<void> {
  db.vault.sealed = (await db.lock.count()) > 0;
  db.vault.loaded = true;
  db.vault.changed();
}

/**
 * A new data key, wrapped under the password (checked online just before: at sign-in or by the
 * server), and everything already on the tablet sealed under it in one transaction. The PIN's
 * wrapping follows when the agent chooses a PIN (lock.ts).
 */
export async function createVault(db: DaibanDb, password: string): Promise<void> {
  const dataKey = newDataKey();
  const wrapped = await wrapUnderPassword(dataKey, password);
  await openVault(db, dataKey);
  await db.transaction('rw', [db.lock, ...SEALED_TABLES.map((t) => db.table(t))], async () => {
    for (const name of SEALED_TABLES) {
      const table = db.table(name);
      await table.bulkPut(await table.toArray());
    }
    await db.lock.put({ id: 'password', ...wrapped, failures: 0, waitUntil: 0 } satisfies PasswordLock);
  });
}

/** Seals the photos a tablet kept in clear before it had a vault, one by one, outside any transaction. */
export async function sealStoredPhotos(db: DaibanDb): Promise<void> {
  const clear = await db.blobs.filter((b) => !b.sealed).primaryKeys();
  for (const sha256 of clear) {
    const stored = await db.blobs.get(sha256);
    if (!stored || stored.sealed) continue;
    const sealed = await sealPhoto(db, stored.blob);
    await db.transaction('rw', db.blobs, async () => {
      const now = await db.blobs.get(sha256);
      if (now && !now.sealed) await db.blobs.put({ ...now, ...sealed });
    });
  }
}

/** Opens the vault with the data key unwrapped by the PIN or the password. */
export async function openVault(db: DaibanDb, dataKey: Uint8Array<ArrayBuffer>): Promise<void> {
  const photos = await subKey(dataKey, 'photos');
  db.vault.photoKey = await crypto.subtle.importKey('raw', photos, 'AES-GCM', false, ['encrypt', 'decrypt']);
  const pages = await subKey(dataKey, 'pages');
  db.vault.pageKey = { raw: pages, crypto: await crypto.subtle.importKey('raw', pages, 'AES-GCM', false, ['encrypt']) };
  db.vault.dataKey = dataKey;
  db.vault.sealed = true;
  db.vault.loaded = true;
  db.vault.changed();
}

/** The vault's data key, for wrapping it under a new PIN. */
export function dataKeyOf(db: DaibanDb): Uint8Array<ArrayBuffer> {
  const key = db.vault.dataKey;
  if (!key) throw new VaultLockedError();
  return key as Uint8Array<ArrayBuffer>;
}

/** Forgets the keys, the record index and the pages opened (the tablet signed off). */
export function forgetVault(db: DaibanDb): void {
  db.vault.dataKey = undefined;
  db.vault.photoKey = undefined;
  db.vault.pageKey = undefined;
  db.records.clear();
  db.pageState.forget();
  db.vault.sealed = false;
  db.vault.changed();
}

/** The password's unwrapping: the data key, or undefined for a wrong password. */
export async function dataKeyFromPassword(lock: WrappedKey, password: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  return unwrapDataKey(lock, await passwordWrappingKey(password, lock.salt, lock.iterations));
}

export type SealedPhoto = Pick<StoredBlob, 'blob' | 'sealed'>;

/**
 * A photo's bytes as the tablet stores them: sealed with AES-GCM under the vault's photo key (the
 * IV first), or as they are where nothing is sealed. Runs outside any transaction.
 */
export async function sealPhoto(db: DaibanDb, blob: Blob): Promise<SealedPhoto> {
  const key = db.vault.photoKey;
  if (!key) {
    if (db.vault.sealed) throw new VaultLockedError();
    return { blob };
  }
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, await blob.arrayBuffer());
  return { blob: new Blob([iv, sealed]), sealed: 1 };
}

/** A stored photo's own bytes, unsealed. */
export async function openPhotoBytes(
  db: DaibanDb,
  stored: Pick<StoredBlob, 'blob' | 'sealed'>,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!stored.sealed) return new Uint8Array(await stored.blob.arrayBuffer());
  const key = db.vault.photoKey;
  if (!key) throw new VaultLockedError();
  const bytes = new Uint8Array(await stored.blob.arrayBuffer());
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12) }, key, bytes.subarray(12)));
}

/** A stored photo, unsealed, as a Blob of its type (to show, or to send in chunks). */
export async function openPhoto(db: DaibanDb, stored: Pick<StoredBlob, 'blob' | 'sealed' | 'mime'>): Promise<Blob> {
  if (!stored.sealed) return stored.blob;
  return new Blob([await openPhotoBytes(db, stored)], { type: stored.mime });
}

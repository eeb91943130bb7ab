import type { DaibanDb, MetaValues } from './db.ts';

/** Typed access to the key-value `meta` table. */
export async function getMeta<K extends keyof MetaValues & string>(db: DaibanDb, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends keyof MetaValues & string>(db: DaibanDb, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value });
}

/** The device token, or none while the tablet is locked (it is sealed: `/auth/unlock` goes without it). */
export async function deviceToken(db: DaibanDb): Promise<string | undefined> {
  if (db.vault.sealed && !db.vault.isOpen) return undefined;
  return (await getMeta(db, 'session'))?.token;
}

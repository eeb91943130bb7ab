import type { DaibanDb, MetaValues } from './db.ts';

/** Typed access to the key-value `meta` table. */
export async function getMeta<K extends keyof MetaValues & string>(db: DaibanDb, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends keyof MetaValues & string>(db: DaibanDb, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value });
}

// Publishing service items: a township's own versions, and the county's versions, which reach every
// township of the county that follows the item. Each published version is a ledger event; a
// township's version is also the row its devices pull (the event's sequence is the pull cursor).
import { SCHEMA_VERSION, type ServiceItem } from '@daiban/schemas';
import {
  appendEvent,
  type Caller,
  type Db,
  insertCountyItem,
  insertServiceItem,
  listLatestCountyItems,
  newestServiceItemRow,
  townshipsOfCounty,
} from '../db/index.ts';

/** Who publishes: the admin's account and device, or nobody (the seed). */
export interface Publisher {
  accountId: string | null;
  deviceId: string | null;
}

/** The publisher of a request: the signed-in admin on their device. */
export const publisherOf = (who: Caller): Publisher => ({
  accountId: who.account.id,
  deviceId: who.device.id,
});

/**
 * Publishes `item` as a version of the township's catalog. `countyVersion`: the county version it
 * copies; null for the township's own version (an item of its own, or its own version of a county
 * item). Call inside a transaction.
 */
export async function publishToTownship(
  db: Db,
  who: Publisher,
  townshipId: string,
  item: ServiceItem,
  countyVersion: number | null,
): Promise<ServiceItem> {
  const seq = await appendEvent(db, {
    type: 'catalog.publish',
    entityId: `${townshipId}:${item.code}@${item.version}`,
    villageId: null,
    accountId: who.accountId,
    deviceId: who.deviceId,
    mutationId: null,
    hlc: null,
    payload: { ...item, townshipId, countyVersion, schemaVersion: SCHEMA_VERSION },
    recordedAt: item.publishedAt,
  });
  await insertServiceItem(db, townshipId, item, seq, countyVersion);
  return item;
}

/**
 * Publishes a version of a county item, then hands it to each township of the county as the
 * township's next version of the code — unless the township published its own version of it,
 * which the county's edits do not overwrite. Call inside a transaction.
 */
export async function publishToCounty(db: Db, who: Publisher, countyId: string, item: ServiceItem): Promise<ServiceItem> {
  const seq = await appendEvent(db, {
    type: 'county.catalog.publish',
    entityId: `${countyId}:${item.code}@${item.version}`,
    villageId: null,
    accountId: who.accountId,
    deviceId: who.deviceId,
    mutationId: null,
    hlc: null,
    payload: { ...item, countyId, schemaVersion: SCHEMA_VERSION },
    recordedAt: item.publishedAt,
  });
  await insertCountyItem(db, countyId, item, seq);
  for (const { id: townshipId } of await townshipsOfCounty(db, countyId)) {
    const newest = await newestServiceItemRow(db, townshipId, item.code);
    if (newest && newest.countyVersion === null) continue;
    await publishToTownship(db, who, townshipId, { ...item, version: (newest?.version ?? 0) + 1 }, item.version);
  }
  return item;
}

/**
 * A new township of the county starts with the county's catalog: each item's newest version becomes
 * the township's version 1, published at `at`. Call inside a transaction.
 */
export async function copyCountyCatalog(db: Db, who: Publisher, countyId: string, townshipId: string, at: string): Promise<void> {
  for (const item of await listLatestCountyItems(db, countyId)) {
    await publishToTownship(db, who, townshipId, { ...item, version: 1, publishedAt: at }, item.version);
  }
}

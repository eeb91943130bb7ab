import type { DaibanDb, StoredBlob } from './db.ts';

/** The photos the server does not hold yet (`blobOutbox`), with their bytes. */
export async function waitingPhotos(db: DaibanDb): Promise<StoredBlob[]> {
  const keys = await db.blobOutbox.toCollection().primaryKeys();
  return (await db.blobs.bulkGet(keys)).filter((b) => b !== undefined);
}

import { createApiClient } from '../sync/api-client.ts';
import { createSyncLoop } from '../sync/sync-loop.ts';
import { db } from './db.ts';
import { deviceToken } from './meta.ts';
import { recordsOf } from './record-index.ts';

/** The app's single API client and sync loop, bound to the app's database. */
export const api = createApiClient({ token: () => deviceToken(db) });
export const syncLoop = createSyncLoop(db, api);

/**
 * Builds the record index in the background once the vault opens. A failure (the vault closed again
 * meanwhile) is left to the list or search that needs the index: it builds it again, and shows an error.
 */
export function prepareRecordIndex(): void {
  recordsOf(db).catch(() => {});
}

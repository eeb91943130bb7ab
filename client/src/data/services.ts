import { createApiClient } from '../sync/api-client.ts';
import { createSyncLoop } from '../sync/sync-loop.ts';
import { db } from './db.ts';
import { deviceToken } from './meta.ts';
import { buildHalf, type Half } from './record-index.ts';

/** The app's single API client and sync loop, bound to the app's database. */
export const api = createApiClient({ token: () => deviceToken(db) });
export const syncLoop = createSyncLoop(db, api);

/**
 * Builds a half of the record index in the background once the vault opens. A failure (the vault closed
 * again meanwhile, the tablet signed off) is left to the list or search that needs the half: it builds
 * it again, and shows an error.
 */
export function prepareRecordIndex(half: Half): void {
  buildHalf(db, half).catch(() => {});
}

import { createApiClient } from '../sync/api-client.ts';
import { createSyncLoop } from '../sync/sync-loop.ts';
import { db } from './db.ts';
import { deviceToken } from './meta.ts';

/** The app's single API client and sync loop, bound to the app's database. */
export const api = createApiClient({ token: () => deviceToken(db) });
export const syncLoop = createSyncLoop(db, api);

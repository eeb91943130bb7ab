import { createApiClient } from '../sync/api-client.ts';
import { createSyncLoop } from '../sync/sync-loop.ts';
import { db } from './db.ts';
import { getMeta } from './meta.ts';

/** The app's single API client and sync loop, bound to the app's database. */
export const api = createApiClient({ token: async () => (await getMeta(db, 'session'))?.token });
export const syncLoop = createSyncLoop(db, api);

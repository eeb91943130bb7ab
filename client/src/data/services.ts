import { createApiClient } from '../sync/api-client.ts';
import { createSyncLoop } from '../sync/sync-loop.ts';
import { db } from './db.ts';
import { deviceToken } from './meta.ts';
import * as warming from './search-warming.ts';

/** The app's single API client and sync loop, bound to the app's database. */
export const api = createApiClient({ token: () => deviceToken(db) });
export const syncLoop = createSyncLoop(db, api);

/** Warm the app's search memory while the tablet is idle, until `signal` aborts (search-warming.ts). */
export const warmCaseLists = (signal: AbortSignal) => warming.warmCaseLists(db, signal);
export const warmNames = (signal: AbortSignal) => warming.warmNames(db, signal);

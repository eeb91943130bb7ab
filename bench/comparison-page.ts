// Bundled for Chromium's page by bench/pouchdb.ts: Daiban's tablets as the product runs them (the
// client data layer over the browser's IndexedDB, WebCrypto and fetch), talking to the township
// through the link proxy, which is the page's own origin.
import { DaibanDb } from '../client/src/data/db.ts';
import { getMeta } from '../client/src/data/meta.ts';
import { signIn } from '../client/src/data/session.ts';
import { createApiClient } from '../client/src/sync/api-client.ts';
import { syncOnce } from '../client/src/sync/sync-engine.ts';
import { makePhotos } from './comparison-workload.ts';
import { payloadOf, pushEverything, recordIntakes, retryCutConnections, type Tablet } from './daiban-workload.ts';

let tablets: Tablet[] = [];
let made = 0;

/** A signed-in tablet of the agent holding the catalog (a cut connection is tried again at once). */
async function newTablet(password: string): Promise<Tablet> {
  const db = new DaibanDb(`bench-comparison-${made++}`);
  const api = createApiClient({ token: async () => (await getMeta(db, 'session'))?.token });
  await retryCutConnections(() =>
    signIn({ username: 'dxg-agent', password, deviceName: `bench ${made}` }, { db, api }).then(() => undefined),
  );
  await retryCutConnections(() => syncOnce(db, api));
  return { db, api };
}

/** Records the intakes, with the photos every run makes alike, on as many tablets as they need. */
export async function record(cases: number, photoCount: number, password: string): Promise<void> {
  tablets = await recordIntakes({ tablet: () => newTablet(password) }, cases, makePhotos(photoCount));
}

/** Sends every tablet's work as the sync loop does; the seconds until the township holds all of it. */
export async function push(): Promise<number> {
  const started = performance.now();
  for (const tablet of tablets) await pushEverything(tablet);
  return (performance.now() - started) / 1000;
}

/** The records the township now holds, for PouchDB to carry the same. */
export function payload() {
  return payloadOf(tablets);
}

// Daiban's side of the link benchmarks: tablets running the real client data layer (commands →
// outbox over fake-indexeddb) and the real sync engine, against the real server in its own process.
import 'fake-indexeddb/auto';
import { DaibanDb } from '../client/src/data/db.ts';
import { getMeta } from '../client/src/data/meta.ts';
import { signIn } from '../client/src/data/session.ts';
import { createApiClient } from '../client/src/sync/api-client.ts';
import { syncOnce } from '../client/src/sync/sync-engine.ts';
import { DEMO_PASSWORDS } from '../sync-server/src/seed/seed-demo.ts';
import type { Tablet } from './daiban-workload.ts';
import { type LinkShape, startLinkProxy } from './link-proxy.ts';
import { startLinkedTownship } from './linked-township.ts';

let tablets = 0;

/** A township server (own process, fresh data directory) behind a link proxy of the given shape. */
export async function startTownship(shape: LinkShape) {
  const township = await startLinkedTownship((target) => startLinkProxy(target, shape));
  const { server, proxy } = township;
  return {
    ...township,
    /** A signed-in tablet of `username` holding the catalog; set up over loopback, then talking through the link. */
    async tablet(username = 'dxg-agent'): Promise<Tablet> {
      const db = new DaibanDb(`bench-${process.pid}-${tablets++}`);
      const token = async () => (await getMeta(db, 'session'))?.token;
      const direct = createApiClient({ baseUrl: server.url, token });
      await signIn({ username, password: DEMO_PASSWORDS.agent, deviceName: `bench ${tablets}` }, { db, api: direct });
      await syncOnce(db, direct);
      return { db, api: createApiClient({ baseUrl: proxy.url, token }) };
    },
  };
}

export type Township = Awaited<ReturnType<typeof startTownship>>;

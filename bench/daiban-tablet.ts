// Daiban's side of the link benchmarks: tablets running the real client data layer (commands →
// outbox over fake-indexeddb) and the real sync engine, against the real server in its own process.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCommands } from '../client/src/data/commands.ts';
import { DaibanDb } from '../client/src/data/db.ts';
import { getMeta } from '../client/src/data/meta.ts';
import { signIn } from '../client/src/data/session.ts';
import { type ApiClient, createApiClient, NetworkError } from '../client/src/sync/api-client.ts';
import { uploadBlobs } from '../client/src/sync/photo-upload.ts';
import { checkServer, pushOutbox, syncOnce } from '../client/src/sync/sync-engine.ts';
import { freePort, startServerProcess } from '../simulator/server-process.ts';
import { DEMO_PASSWORDS } from '../sync-server/src/seed/seed-demo.ts';
import { type LinkShape, startLinkProxy } from './link-proxy.ts';
import { idNumberFor } from './workload.ts';

/** A case number holds four digits of the day's sequence, so one tablet opens at most 9,999 cases a day. */
const CASES_PER_TABLET = 5_000;

let tablets = 0;

export interface Tablet {
  db: DaibanDb;
  /** The tablet's API client through the shaped link. */
  api: ApiClient;
}

/** A township server (own process, fresh data directory) behind a link proxy of the given shape. */
export async function startTownship(shape: LinkShape) {
  const dataDir = mkdtempSync(join(tmpdir(), 'daiban-bench-link-'));
  const server = await startServerProcess(dataDir, await freePort());
  const proxy = await startLinkProxy(server.url, shape);
  return {
    server,
    proxy,
    /** A signed-in tablet of `username` holding the catalog; set up over loopback, then talking through the link. */
    async tablet(username = 'dxg-agent'): Promise<Tablet> {
      const db = new DaibanDb(`bench-${process.pid}-${tablets++}`);
      const token = async () => (await getMeta(db, 'session'))?.token;
      const direct = createApiClient({ baseUrl: server.url, token });
      await signIn({ username, password: DEMO_PASSWORDS.agent, deviceName: `bench ${tablets}` }, { db, api: direct });
      await syncOnce(db, direct);
      return { db, api: createApiClient({ baseUrl: proxy.url, token }) };
    },
    async close() {
      await proxy.close();
      server.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Township = Awaited<ReturnType<typeof startTownship>>;

/**
 * Records `cases` intakes with the real commands (register the villager, open the case, photograph
 * the first material of every n-th case, receive it), spread over as many tablets as case numbers need.
 */
export async function recordIntakes(township: Township, cases: number, photos: Blob[]): Promise<Tablet[]> {
  const every = photos.length > 0 ? Math.floor(cases / photos.length) : Number.POSITIVE_INFINITY;
  const result: Tablet[] = [];
  for (let first = 0; first < cases; first += CASES_PER_TABLET) {
    const tablet = await township.tablet();
    const commands = makeCommands(tablet.db);
    const items = await tablet.db.serviceItems.toArray();
    for (let n = first; n < Math.min(cases, first + CASES_PER_TABLET); n++) {
      const item = items[n % items.length]!;
      const applicantId = await commands.registerApplicant({ name: `村民${n}`, idNumber: idNumberFor(n), flags: [] });
      const caseId = await commands.openCase({
        applicantId,
        serviceItemCode: item.code,
        channel: 'walk_in',
        notes: `测试办件 ${n}`,
      });
      const photo = n % every === 0 ? photos[n / every] : undefined;
      if (photo) await commands.attachFile(caseId, item.materials[0]!.key, photo);
      await commands.receiveCase(caseId, '材料后补');
    }
    result.push(tablet);
  }
  return result;
}

/**
 * What the township ends up holding, as JSON records (the case and applicant views) and photos:
 * the payload either sync system has to move.
 */
export async function payloadOf(tablets: Tablet[]) {
  const cases = (await Promise.all(tablets.map((t) => t.db.cases.toArray()))).flat();
  const applicants = (await Promise.all(tablets.map((t) => t.db.applicants.toArray()))).flat();
  return { cases, applicants };
}

/**
 * Sends everything to the township the way the sync engine does, and returns when the server has
 * acknowledged every change and verified every photo.
 */
export function pushEverything(tablet: Tablet): Promise<void> {
  return retryCutConnections(async () => {
    await checkServer(tablet.db, tablet.api);
    // As the sync loop does: photos start beside the records, one at a time until the records are through.
    const records = pushOutbox(tablet.db, tablet.api);
    const settled = await Promise.allSettled([records, uploadBlobs(tablet.db, tablet.api, undefined, records)]);
    for (const step of settled) if (step.status === 'rejected') throw step.reason;
  });
}

/**
 * Runs a sync step again at once when the link cut its connection; the sync loop would first
 * wait its backoff, but the benchmark measures the link, not the backoff.
 */
export async function retryCutConnections(step: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof NetworkError) || attempt > 50) throw error;
    }
  }
}

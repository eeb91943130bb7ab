// Daiban side by side with PouchDB on the same workload pushed from one client to a server, in
// the same run: 10,000 case records with 1,000 photos over loopback, and 500 records with 50
// photos through the shaped village link. Both cross the same counting proxy, in a process of its
// own, so bytes on the wire are counted alike (request and status lines, headers, bodies). Each
// client runs where it runs best: Daiban's tablets in Chromium, as the product runs them (IndexedDB,
// WebCrypto, fetch), in a page nothing observes (unobserved-page.ts); PouchDB in Node on its memory
// adapter, which writes nothing to disk. The machine's cores are shared by every process of a run, so
// the CPU time each side's processes use over loopback is reported too, split: the server, the client
// (Chromium's processes, or this process for PouchDB) and the proxy.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Applicant, Case } from '@daiban/schemas';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { DEMO_PASSWORDS } from '../sync-server/src/seed/seed-demo.ts';
import { makePhotos } from './comparison-workload.ts';
import { type LinkShape, LOOPBACK, startLinkProxyProcess, VILLAGE_LINK } from './link-proxy.ts';
import { startLinkedTownship } from './linked-township.ts';
import { bundleForPage } from './page-bundle.ts';
import { countCpu, cpuMsOf, cpuMsOfTree } from './process-cpu.ts';
import { openUnobservedPage, type UnobservedPage } from './unobserved-page.ts';

PouchDB.plugin(memoryAdapter);

export type PouchdbResult = {
  pouchdb_time_ratio_loopback: number;
  pouchdb_time_ratio_link: number;
  pouchdb_bytes_ratio: number;
  wire_overhead: number;
  daiban_loopback_s: number;
  pouchdb_loopback_s: number;
  daiban_link_s: number;
  pouchdb_link_s: number;
  daiban_loopback_cpu_s: number;
  daiban_loopback_cpu_server_s: number;
  daiban_loopback_cpu_client_s: number;
  daiban_loopback_cpu_proxy_s: number;
  pouchdb_loopback_cpu_s: number;
  pouchdb_loopback_cpu_server_s: number;
  pouchdb_loopback_cpu_client_s: number;
  pouchdb_loopback_cpu_proxy_s: number;
};

interface Transfer {
  seconds: number;
  bytes: number;
  /** CPU seconds of the side's processes over the transfer. */
  cpu: Record<'server' | 'client' | 'proxy' | 'total', number>;
}

export async function benchPouchdb(): Promise<PouchdbResult> {
  const loopback = await compare(10_000, 1_000, LOOPBACK);
  const link = await compare(500, 50, VILLAGE_LINK);
  return {
    pouchdb_time_ratio_loopback: round(loopback.pouchdb.seconds / loopback.daiban.seconds),
    pouchdb_time_ratio_link: round(link.pouchdb.seconds / link.daiban.seconds),
    pouchdb_bytes_ratio: round(loopback.pouchdb.bytes / loopback.daiban.bytes),
    wire_overhead: round(loopback.daiban.bytes / loopback.payloadBytes),
    daiban_loopback_s: round(loopback.daiban.seconds),
    pouchdb_loopback_s: round(loopback.pouchdb.seconds),
    daiban_link_s: round(link.daiban.seconds),
    pouchdb_link_s: round(link.pouchdb.seconds),
    daiban_loopback_cpu_s: round(loopback.daiban.cpu.total),
    daiban_loopback_cpu_server_s: round(loopback.daiban.cpu.server),
    daiban_loopback_cpu_client_s: round(loopback.daiban.cpu.client),
    daiban_loopback_cpu_proxy_s: round(loopback.daiban.cpu.proxy),
    pouchdb_loopback_cpu_s: round(loopback.pouchdb.cpu.total),
    pouchdb_loopback_cpu_server_s: round(loopback.pouchdb.cpu.server),
    pouchdb_loopback_cpu_client_s: round(loopback.pouchdb.cpu.client),
    pouchdb_loopback_cpu_proxy_s: round(loopback.pouchdb.cpu.proxy),
  };
}

/** Records the workload with Daiban's client, syncs it, then replicates the very same records and photos with PouchDB. */
export async function compare(cases: number, photoCount: number, shape: LinkShape) {
  const { daiban, payload } = await withDaiban(cases, photoCount, shape);
  const docs = await couchDocs(payload, makePhotos(photoCount));
  const payloadBytes = docs.reduce(
    (n, { doc, photos }) => n + Buffer.byteLength(JSON.stringify(doc)) + photos.reduce((m, p) => m + p.size, 0),
    0,
  );
  const pouchdb = await replicateWithPouchdb(docs, shape);
  return { daiban, pouchdb, payloadBytes };
}

let pageScript: Promise<string> | undefined;

/**
 * A township server (own process, fresh ledger) behind the link; Daiban's tablets in a Chromium page
 * whose origin is the link, so the app's requests cross it as they would. They record the intakes,
 * then push everything as the sync loop does, measured in the page from the first request to the
 * last answer.
 */
async function withDaiban(cases: number, photoCount: number, shape: LinkShape) {
  pageScript ??= bundleForPage(new URL('./comparison-page.ts', import.meta.url), 'daibanComparison');
  const township = await startLinkedTownship((target) => startLinkProxyProcess(target, shape));
  let page: UnobservedPage | undefined;
  try {
    page = await openUnobservedPage(`${township.proxy.url}/api/health`);
    await page.evaluate(await pageScript);
    await page.evaluate(`daibanComparison.record(${cases}, ${photoCount}, ${JSON.stringify(DEMO_PASSWORDS.agent)})`);
    await township.proxy.reset();
    const browser = page.browserPid;
    const cpu = countCpu({
      server: () => cpuMsOf(township.server.pid),
      client: () => cpuMsOfTree(browser),
      proxy: () => cpuMsOf(township.proxy.pid),
    });
    const seconds = await page.evaluate<number>('daibanComparison.push()');
    const used = cpu();
    const counts = await township.proxy.counts();
    const payload = await page.evaluate<Payload>('daibanComparison.payload()');
    return { daiban: { seconds, bytes: counts.up + counts.down, cpu: used } satisfies Transfer, payload };
  } finally {
    await page?.close();
    await township.close();
  }
}

type Payload = { cases: Case[]; applicants: Applicant[] };

interface CouchDoc {
  doc: Record<string, unknown> & { _id: string };
  photos: { name: string; blob: Blob; size: number; mime: string }[];
}

/** The tablets' records as CouchDB documents, each case carrying its photos (the same, made here) as attachments. */
async function couchDocs({ cases, applicants }: Payload, photos: Blob[]): Promise<CouchDoc[]> {
  const sha256 = async (blob: Blob) =>
    createHash('sha256')
      .update(Buffer.from(await blob.arrayBuffer()))
      .digest('hex');
  const blobs = new Map(await Promise.all(photos.map(async (blob) => [await sha256(blob), blob] as const)));
  return [
    ...applicants.map((a) => ({ doc: { _id: `applicant:${a.id}`, ...a }, photos: [] })),
    ...cases.map((c) => ({
      doc: { _id: `case:${c.id}`, ...c },
      photos: c.materials.flatMap((m) =>
        m.attachments.map((a) => {
          const blob = blobs.get(a.sha256);
          if (!blob) throw new Error(`photo ${a.sha256} is not one of the workload's`);
          return { name: `${m.key}-${a.sha256}.jpg`, blob, size: a.size, mime: a.mime };
        }),
      ),
    })),
  ];
}

/** One-shot `local.replicate.to(remote)` of the documents, attachments inline (as PouchDB sends them). */
async function replicateWithPouchdb(docs: CouchDoc[], shape: LinkShape): Promise<Transfer> {
  const server = await startPouchdbServer();
  const proxy = await startLinkProxyProcess(server.url, shape);
  const local = new PouchDB(`bench-pouch-${process.pid}-${Date.now()}`, { adapter: 'memory' });
  try {
    for (let i = 0; i < docs.length; i += 500) {
      const batch = await Promise.all(
        docs.slice(i, i + 500).map(async ({ doc, photos }) => ({
          ...doc,
          ...(photos.length === 0
            ? {}
            : {
                _attachments: Object.fromEntries(
                  await Promise.all(
                    photos.map(async (p) => [p.name, { content_type: p.mime, data: Buffer.from(await p.blob.arrayBuffer()) }]),
                  ),
                ),
              }),
        })),
      );
      await local.bulkDocs(batch);
    }
    const cpu = countCpu({
      server: () => cpuMsOf(server.pid),
      client: () => cpuMsOf(process.pid),
      proxy: () => cpuMsOf(proxy.pid),
    });
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await local.replicate.to(`${proxy.url}/cases`);
        break;
      } catch (error) {
        // A cut connection fails a one-shot replication; running it again resumes from its checkpoint.
        if (attempt > 50) throw error;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const used = cpu();
    const held = await new PouchDB(`${server.url}/cases`).info();
    if (held.doc_count !== docs.length) throw new Error(`PouchDB server holds ${held.doc_count} of ${docs.length} documents`);
    const counts = await proxy.counts();
    return { seconds, bytes: counts.up + counts.down, cpu: used };
  } finally {
    await local.destroy();
    await proxy.close();
    server.close();
  }
}

const POUCHDB_SERVER = fileURLToPath(new URL('./pouchdb-server.ts', import.meta.url));

async function startPouchdbServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', POUCHDB_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', () => reject(new Error('PouchDB server exited')));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, close: () => child.kill('SIGTERM') };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

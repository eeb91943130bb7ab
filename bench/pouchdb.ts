// Daiban side by side with PouchDB on the same workload pushed from one client to a server, in
// the same run: 10,000 case records with 1,000 photos over loopback, and 500 records with 50
// photos through the shaped village link. Both cross the same counting proxy, so bytes on the
// wire are counted alike (request and status lines, headers, bodies).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { makePhotos } from './comparison-workload.ts';
import { payloadOf, pushEverything, recordIntakes, startTownship, type Tablet } from './daiban-tablet.ts';
import { type LinkShape, LOOPBACK, startLinkProxy, VILLAGE_LINK } from './link-proxy.ts';

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
};

interface Transfer {
  seconds: number;
  bytes: number;
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
  };
}

/** Records the workload with Daiban's client, syncs it, then replicates the very same records and photos with PouchDB. */
export async function compare(cases: number, photoCount: number, shape: LinkShape) {
  const township = await startTownship(shape);
  try {
    const tablets = await recordIntakes(township, cases, makePhotos(photoCount));
    const docs = await couchDocs(tablets);
    const payloadBytes = docs.reduce(
      (n, { doc, photos }) => n + Buffer.byteLength(JSON.stringify(doc)) + photos.reduce((m, p) => m + p.size, 0),
      0,
    );
    township.proxy.reset();
    const started = performance.now();
    for (const tablet of tablets) await pushEverything(tablet);
    const daiban: Transfer = {
      seconds: (performance.now() - started) / 1000,
      bytes: township.proxy.counts.up + township.proxy.counts.down,
    };
    await Promise.all(tablets.map((t) => t.db.delete()));
    const pouchdb = await replicateWithPouchdb(docs, shape);
    return { daiban, pouchdb, payloadBytes };
  } finally {
    await township.close();
  }
}

interface CouchDoc {
  doc: Record<string, unknown> & { _id: string };
  photos: { name: string; blob: Blob; size: number; mime: string }[];
}

/** The tablets' records as CouchDB documents, each case carrying its photos as attachments. */
async function couchDocs(tablets: Tablet[]): Promise<CouchDoc[]> {
  const { cases, applicants } = await payloadOf(tablets);
  const blobs = new Map((await Promise.all(tablets.map((t) => t.db.blobs.toArray()))).flat().map((b) => [b.sha256, b]));
  return [
    ...applicants.map((a) => ({ doc: { _id: `applicant:${a.id}`, ...a }, photos: [] })),
    ...cases.map((c) => ({
      doc: { _id: `case:${c.id}`, ...c },
      photos: c.materials.flatMap((m) =>
        m.attachments.map((a) => {
          const stored = blobs.get(a.sha256);
          if (!stored) throw new Error(`photo ${a.sha256} missing on the tablet`);
          return { name: `${m.key}-${a.sha256}.jpg`, blob: stored.blob, size: a.size, mime: a.mime };
        }),
      ),
    })),
  ];
}

/** One-shot `local.replicate.to(remote)` of the documents, attachments inline (as PouchDB sends them). */
async function replicateWithPouchdb(docs: CouchDoc[], shape: LinkShape): Promise<Transfer> {
  const server = await startPouchdbServer();
  const proxy = await startLinkProxy(server.url, shape);
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
    const held = await new PouchDB(`${server.url}/cases`).info();
    if (held.doc_count !== docs.length) throw new Error(`PouchDB server holds ${held.doc_count} of ${docs.length} documents`);
    return { seconds, bytes: proxy.counts.up + proxy.counts.down };
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
  return { url: `http://127.0.0.1:${port}`, close: () => child.kill('SIGTERM') };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

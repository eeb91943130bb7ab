import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../sync-server/src/db/index.ts';
import { openPostgres } from '../sync-server/src/db/postgres.ts';
import { type BlobStore, FileBlobStore } from '../sync-server/src/sync/blob-store.ts';
import { createTestDatabase } from '../sync-server/src/testing/postgres-cluster.ts';
import { startTestServer } from '../sync-server/src/testing/test-server.ts';
import { freePort, startServerProcess } from './server-process.ts';

export type LedgerEngine = 'sqlite' | 'postgres';

/** The township server under simulation: its app nodes' addresses, and its ledger and photos for the checks. */
export interface Township {
  urls: string[];
  db: Db;
  blobs: BlobStore;
  close(): Promise<void>;
}

/**
 * `sqlite`: one server in this process on a fresh ledger (a SQLite file; PostgreSQL when the test
 * servers run there, DAIBAN_TEST_DB). `postgres`: `nodes` real server processes on one fresh database
 * of a throwaway PostgreSQL cluster, sharing one photo directory and one signing key, as stateless
 * app nodes behind a load balancer; the checks read the same database through their own connection.
 */
export async function startTownship(engine: LedgerEngine, nodes: number): Promise<Township> {
  if (engine === 'sqlite') {
    if (nodes !== 1) throw new Error('a SQLite ledger is one server’s file: several nodes need --db postgres');
    const server = await startTestServer();
    const blobs = new FileBlobStore(join(server.dataDir, 'blobs'));
    return { urls: [server.url], db: server.db, blobs, close: () => server.close() };
  }
  const databaseUrl = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'daiban-sim-'));
  const dataDir = join(dir, 'data');
  const env = { DATABASE_URL: databaseUrl, LEDGER_KEY_FILE: join(dir, 'keys', 'ledger-signing-key.pem') };
  const started: Awaited<ReturnType<typeof startServerProcess>>[] = [];
  const stop = async () => {
    for (const node of started) node.kill('SIGTERM');
    await Promise.all(started.map((node) => node.exited));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // One after the other: the first seeds the demo township and makes the signing key, the next find both.
    for (let i = 0; i < nodes; i++) started.push(await startServerProcess(dataDir, await freePort(), dataDir, env));
    const db = await openPostgres(databaseUrl);
    return {
      urls: started.map((node) => node.url),
      db,
      blobs: new FileBlobStore(join(dataDir, 'blobs')),
      async close() {
        await stop();
        await db.close();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

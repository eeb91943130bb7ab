import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SqliteDb } from './sqlite.ts';

/**
 * WAL pages (4 KiB) after which the writer checkpoints itself. The worker's passive checkpoints copy
 * the pages, but under steady pushes they never find the log fully copied at the moment a write
 * begins, which is when SQLite starts the log over: only the writer's own checkpoint does. It is
 * cheap (the worker copied nearly everything), but it syncs the ledger file inside a commit, holding
 * the event loop for up to 40–75 ms on this machine's disk: the commits a trace of `bench ingest` found
 * behind its slowest pushes. At 64,000 pages the log grew to 250 MiB between starts; at 1,000 (4 MiB)
 * it stays small and push_p99_ms_at_half_load went from 126 to 34–47 ms in runs back to back.
 */
export const WRITER_NET_PAGES = 1_000;

// Plain JavaScript, evaluated in the worker: the server may run its TypeScript through a loader
// that worker threads do not inherit.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // SQLITE_BUSY: the writer is checkpointing itself right now; the next round goes on.
    if (error.code !== 'SQLITE_BUSY') parentPort.postMessage(String(error));
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Copies committed pages from the write-ahead log into the ledger file from a worker thread, on
 * its own connection, every `everyMs`. A passive checkpoint waits for nobody, so a push never
 * stops behind one (checkpointing in the writer held the event loop for 100–200 ms every few
 * seconds under load). The writer still checkpoints itself past WRITER_NET_PAGES of log.
 */
export function startCheckpointer(
  db: SqliteDb,
  dataDir: string,
  onError: (message: string) => void,
  everyMs = 500,
): Checkpointer {
  db.raw.pragma(`wal_autocheckpoint = ${WRITER_NET_PAGES}`);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: join(dataDir, 'ledger.sqlite'),
      everyMs,
    },
  });
  worker.on('message', onError);
  worker.on('error', (error) => onError(String(error)));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}

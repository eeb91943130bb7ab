// Push throughput: 50 simulated tablets, signed in over the ten demo villages, push batches of
// 100 mutations concurrently over loopback HTTP to the server running as its own process, on a
// real SQLite ledger file. Reports mutations/s over a fixed amount of work and the p50/p99
// latency of one batch under that load, where every tablet pushes again as soon as it is answered
// (the server at capacity: a batch waits behind the others). Then the same tablets push at half
// the measured capacity, each batch at its own scheduled moment, and the p99 latency of a batch
// at that load is reported too: what a tablet waits when the township server is busy, not full.
// With `engine` 'postgres' the server keeps the ledger in a new database of the benchmarks'
// PostgreSQL cluster (fsync and synchronous commit on: see createBenchDatabase) instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PullResponse, ServiceItem } from '@daiban/schemas';
import { FakeTablet } from '../sync-server/src/testing/fixtures.ts';
import { createBenchDatabase, dropBenchDatabase } from '../sync-server/src/testing/postgres-cluster.ts';
import { apiHeaders, type Engine, pushAll, signInDevices, startServerChild } from './server-child.ts';
import { percentile } from './stats.ts';
import { BATCH, pushBatch } from './workload.ts';

export type IngestResult = {
  ingest_mutations_per_s: number;
  push_p50_ms: number;
  push_p99_ms: number;
  server_cpu_us_per_mutation: number;
  push_p99_ms_at_half_load: number;
};

export async function benchIngest(engine: Engine = 'sqlite', devices = 50, batchesPerDevice = 8): Promise<IngestResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'daiban-bench-ingest-'));
  const databaseUrl = engine === 'postgres' ? await createBenchDatabase() : undefined;
  const server = await startServerChild(dataDir, databaseUrl);
  try {
    const tablets = (await signInDevices(server.url, devices)).map((s) => new FakeTablet(s, () => new Date()));
    const item = await firstServiceItem(server.url, tablets[0]!.session.token);
    // Every body is built and serialised before the clock starts: the figure is the server's.
    const perDevice = 2 * batchesPerDevice + 1;
    const bodies = tablets.map((tablet, d) =>
      Array.from({ length: perDevice }, (_, b) =>
        JSON.stringify({ mutations: pushBatch(tablet, item, (d * perDevice + b) * (BATCH / 2)) }),
      ),
    );
    const push = async (d: number, body: string): Promise<number> => {
      const t0 = performance.now();
      await pushAll(server.url, tablets[d]!.session.token, body, BATCH);
      return performance.now() - t0;
    };
    // Warm-up: each device's first batch (JIT, statement cache, connections) is not measured.
    await Promise.all(bodies.map((b, d) => push(d, b[0]!)));

    const latencies: number[] = [];
    const cpuBefore = server.cpuMs();
    const started = performance.now();
    await Promise.all(
      bodies.map(async (b, d) => {
        for (const body of b.slice(1, batchesPerDevice + 1)) latencies.push(await push(d, body));
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const mutations = devices * batchesPerDevice * BATCH;
    const cpuUs = ((server.cpuMs() - cpuBefore) * 1000) / mutations;
    const perSecond = mutations / elapsed;

    // Half load: each tablet pushes a batch every `interval` ms, the tablets spread evenly over it.
    const interval = (devices * BATCH * 1000) / (perSecond / 2);
    const paced: number[] = [];
    const start = performance.now();
    await Promise.all(
      bodies.map(async (b, d) => {
        for (const [k, body] of b.slice(batchesPerDevice + 1).entries()) {
          const due = start + (d / devices + k) * interval;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
          paced.push(await push(d, body));
        }
      }),
    );
    return {
      ingest_mutations_per_s: Math.round(perSecond),
      push_p50_ms: round(percentile(latencies, 0.5)),
      push_p99_ms: round(percentile(latencies, 0.99)),
      server_cpu_us_per_mutation: Math.round(cpuUs),
      push_p99_ms_at_half_load: round(percentile(paced, 0.99)),
    };
  } finally {
    await server.stop();
    if (databaseUrl) await dropBenchDatabase(databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function firstServiceItem(url: string, token: string): Promise<ServiceItem> {
  const res = await fetch(`${url}/api/sync/pull`, { headers: apiHeaders(token) });
  const item = ((await res.json()) as PullResponse).serviceItems[0];
  if (!item) throw new Error('the demo catalog has no service item');
  return item;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

// Push throughput: concurrent simulated tablets push batches of 100 mutations over loopback
// HTTP into a real SQLite ledger. Reports mutations/s and the p50/p99 latency of one batch.

import { type Mutation, residentIdCheckChar } from '@daiban/schemas';
import { startTestServer } from '@daiban/sync-server/testing';
import { FakeTablet } from '../sync-server/src/testing/fixtures.ts';

export type IngestResult = {
  ingest_mutations_per_s: number;
  push_p50_ms: number;
  push_p99_ms: number;
  devices: number;
  mutations: number;
};

const BATCH = 100;

export async function benchIngest(devices = 50, batchesPerDevice = 4): Promise<IngestResult> {
  const server = await startTestServer();
  try {
    const agents = (server.db.prepare("SELECT username FROM accounts WHERE role = 'agent'").all() as { username: string }[]).map(
      (r) => r.username,
    );
    const tablets = await Promise.all(
      Array.from({ length: devices }, (_, i) => server.login(agents[i % agents.length]!).then((s) => new FakeTablet(s))),
    );
    // Each batch registers 100 applicants: a realistic mutation with an indexed uniqueness check.
    const batches = tablets.map((tablet, d) =>
      Array.from({ length: batchesPerDevice }, (_, b) =>
        Array.from({ length: BATCH }, (_, i): Mutation => {
          const n = (d * batchesPerDevice + b) * BATCH + i;
          return tablet.mutation('applicant.register', tablet.applicant({ idNumber: idNumberFor(n), name: `测试${n}` }));
        }),
      ),
    );
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      tablets.map(async (tablet, d) => {
        for (const mutations of batches[d]!) {
          const t0 = performance.now();
          const res = await server.api('/api/sync/push', {
            method: 'POST',
            token: tablet.session.token,
            body: JSON.stringify({ mutations }),
          });
          if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
    const mutations = devices * batchesPerDevice * BATCH;
    return {
      ingest_mutations_per_s: Math.round(mutations / elapsed),
      push_p50_ms: round(pct(0.5)),
      push_p99_ms: round(pct(0.99)),
      devices,
      mutations,
    };
  } finally {
    await server.close();
  }
}

/** A distinct valid ID number for each n: the birth date moves one day per n. */
function idNumberFor(n: number): string {
  const birth = new Date(Date.UTC(1930, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `430981${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

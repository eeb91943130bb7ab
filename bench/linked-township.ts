// The township server of the link benchmarks: its own process on a fresh data directory, behind
// a link proxy (in this process or in its own, as the benchmark needs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServerProcess } from '../simulator/server-process.ts';

export async function startLinkedTownship<Proxy extends { url: string; close(): Promise<void> }>(
  startProxy: (target: string) => Promise<Proxy>,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'daiban-bench-link-'));
  const server = await startServerProcess(dataDir, await freePort());
  const proxy = await startProxy(server.url);
  return {
    server,
    proxy,
    async close() {
      await proxy.close();
      server.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

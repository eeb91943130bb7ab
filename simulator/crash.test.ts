import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCommands } from '../client/src/data/commands.ts';
import { openDb } from '../sync-server/src/db/index.ts';
import { DEMO_PASSWORDS } from '../sync-server/src/seed/seed-demo.ts';
import { FileBlobStore } from '../sync-server/src/sync/blob-store.ts';
import { type Device, enrolDevice, newIdNumber } from './agent-actor.ts';
import { verify } from './checks.ts';
import { freePort, startServerProcess } from './server-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'daiban-crash-'));
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Each device records `cases` intakes offline: four mutations apiece, pushed in batches of 100. */
async function workOffline(device: Device, cases: number) {
  const commands = makeCommands(device.db);
  const [item] = await device.db.serviceItems.toArray();
  for (let i = 0; i < cases; i++) {
    const applicantId = await commands.registerApplicant({ name: `村民${i}`, idNumber: newIdNumber(device.index, i), flags: [] });
    const caseId = await commands.openCase({ applicantId, serviceItemCode: item!.code, channel: 'walk_in' });
    await commands.setMaterialStatus(caseId, item!.materials[0]!.key, 'waived', '核验原件');
    await commands.receiveCase(caseId, '材料后补');
  }
}

describe('server killed with SIGKILL under push load', () => {
  it('keeps every acknowledged mutation, applies none twice, leaves no hole, and the devices converge', async () => {
    const port = await freePort();
    let server = await startServerProcess(dataDir, port);
    const agents = ['dxg-agent', 'dxg-agent', 'dnh-agent', 'bbg-agent'];
    const devices = await Promise.all(agents.map((u, i) => enrolDevice(i, u, DEMO_PASSWORDS.agent, server.url, 0, 9)));
    for (const d of devices) await d.sync();
    await Promise.all(devices.map((d) => workOffline(d, 80)));
    const made = await Promise.all(devices.map(async (d) => new Set((await d.db.outbox.toArray()).map((e) => e.mutation.id))));

    // Push everything at once and kill the server the moment the first answer to a push has come back
    // whole: the other devices' batches are in flight or not sent, so some, not all, is acknowledged.
    // (Watching the outboxes instead raced the pushes: on a fast run everything was through first.)
    const realFetch = globalThis.fetch;
    let killed = false;
    globalThis.fetch = async (input, init) => {
      const res = await realFetch(input, init);
      if (killed || !String(input).includes('/api/sync/push') || !res.ok) return res;
      const body = await res.arrayBuffer();
      killed = true;
      server.kill('SIGKILL');
      return new Response(body, res);
    };
    try {
      await Promise.all(devices.map((d) => d.sync()));
    } finally {
      globalThis.fetch = realFetch;
    }
    await server.exited;
    const total = made.reduce((n, s) => n + s.size, 0);

    const acknowledged = new Set<string>();
    for (const [i, d] of devices.entries()) {
      const still = new Set((await d.db.outbox.toArray()).map((e) => e.mutation.id));
      for (const id of made[i]!) if (!still.has(id)) acknowledged.add(id);
    }
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(total);

    server = await startServerProcess(dataDir, port);
    for (let round = 0; round < 3; round++) for (const d of devices) expect(await d.sync()).toBe(true);
    server.kill('SIGTERM');
    await server.exited;

    const ledger = openDb(dataDir);
    try {
      const inLedger = new Set(
        (await ledger.all<{ id: string }>('SELECT mutation_id AS id FROM mutation_results')).map((r) => r.id),
      );
      expect([...acknowledged].filter((id) => !inLedger.has(id))).toEqual([]);
      const verdict = await verify({ db: ledger, blobs: new FileBlobStore(join(dataDir, 'blobs')) }, devices);
      expect(verdict).toMatchObject({ lost: 0, misanswered: 0, duplicated: 0, diverged: 0, seqHoles: 0, chainBroken: 0 });
      expect(verdict.mutations).toBe(total);
    } finally {
      await ledger.close();
      await Promise.all(devices.map((d) => d.db.delete()));
    }
  }, 120_000);
});

import { residentIdCheckChar } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMeta } from '../data/meta.ts';
import { signOut } from '../data/session.ts';
import { signedInTablet } from '../testing/test-tablet.ts';
import type { ApiClient } from './api-client.ts';
import { pullChanges } from './sync-engine.ts';
import { createSyncLoop } from './sync-loop.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

/** Counts every request the tablet sends. */
function counting(calls: string[]) {
  return (api: ApiClient): ApiClient =>
    Object.fromEntries(
      Object.entries(api).map(([name, fn]) => [
        name,
        (...args: unknown[]) => {
          calls.push(name);
          return (fn as (...a: unknown[]) => unknown)(...args);
        },
      ]),
    ) as ApiClient;
}

describe('a device the township revoked', () => {
  it('keeps every unsynced change and photo, says so, and stops sending requests', async () => {
    const calls: string[] = [];
    const tablet = await signedInTablet(server.url, 'dxg-agent', counting(calls));
    await pullChanges(tablet.db, tablet.api);
    const first17 = '43098119480305002';
    const applicantId = await tablet.commands.registerApplicant({
      name: '周桂香',
      idNumber: first17 + residentIdCheckChar(first17),
      flags: [],
    });
    const caseId = await tablet.commands.openCase({ applicantId, serviceItemCode: 'MZ-001', channel: 'walk_in' });
    const key = (await tablet.db.cases.get(caseId))!.materials[0]!.key;
    await tablet.commands.attachFile(caseId, key, new Blob([new Uint8Array(2048).fill(7)], { type: 'image/jpeg' }));
    const outbox = await tablet.db.outbox.toArray();

    const supervisor = await server.login('supervisor');
    const session = (await getMeta(tablet.db, 'session'))!;
    const revoked = await server.api(`/api/devices/${session.device.id}/revoke`, {
      method: 'POST',
      token: supervisor.token,
      body: '{}',
    });
    expect(revoked.status).toBe(200);

    const loop = createSyncLoop(tablet.db, tablet.api);
    await loop.syncNow();
    expect(loop.getStatus().phase).toBe('revoked');
    expect(await tablet.db.outbox.toArray()).toEqual(outbox);
    expect(await tablet.db.blobOutbox.count()).toBe(1);
    expect(await tablet.db.cases.get(caseId)).toBeDefined();
    expect(await getMeta(tablet.db, 'revokedAt')).toBeTruthy();
    expect(((await server.db.get('SELECT COUNT(*) AS n FROM cases')) as { n: number }).n).toBe(0);

    // After a reload the tablet remembers: the message is back at once and no request is sent.
    calls.length = 0;
    const reloaded = createSyncLoop(tablet.db, tablet.api);
    await reloaded.syncNow();
    await reloaded.syncNow();
    expect(reloaded.getStatus().phase).toBe('revoked');
    expect(calls).toEqual([]);

    // Signing out is still refused while anything is unsynced: nothing is deleted.
    await expect(signOut(tablet)).rejects.toMatchObject({ key: 'error.unsyncedSignOut' });
    expect(await tablet.db.outbox.count()).toBe(outbox.length);
  });
});

import { residentIdCheckChar } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFile } from '../data/attachments.ts';
import { sealPhoto } from '../data/vault.ts';
import { signedInTablet, type TestTablet } from '../testing/test-tablet.ts';
import type { ApiClient } from './api-client.ts';
import { pullChanges } from './sync-engine.ts';
import { createSyncLoop, type SyncLoop } from './sync-loop.ts';

let server: TestServer;
let loop: SyncLoop | undefined;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  loop?.stop();
  await server.close();
});

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An API whose `method` waits, from its `from`-th call on, until `release()`. */
function held(method: 'push' | 'pull' | 'putChunk', from = 1) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  return {
    api: (api: ApiClient): ApiClient => ({
      ...api,
      [method]: async (...args: unknown[]) => {
        if (++calls >= from) await gate;
        return (api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    }),
    release: () => release(),
    calls: () => calls,
  };
}

function registerVillager(tablet: TestTablet): Promise<string> {
  const first17 = '43098119480305002';
  return tablet.commands.registerApplicant({ name: '周桂香', idNumber: first17 + residentIdCheckChar(first17), flags: [] });
}

/** A villager registered and a case opened with a photo of its first material, all waiting to sync. */
async function caseWithPhoto(tablet: TestTablet): Promise<string> {
  const applicantId = await registerVillager(tablet);
  const [item] = await tablet.db.serviceItems.toArray();
  const caseId = await tablet.commands.openCase({ applicantId, serviceItemCode: item!.code, channel: 'walk_in' });
  await tablet.commands.attachFile(
    caseId,
    item!.materials[0]!.key,
    new Blob([new Uint8Array(2048).fill(3)], { type: 'image/jpeg' }),
  );
  return caseId;
}

describe('sync loop', () => {
  it('pushes a new local change by itself soon after it is saved', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    loop = createSyncLoop(tablet.db, tablet.api);
    loop.start();
    await until(() => loop?.getStatus().connection === 'online' && loop.getStatus().phase === 'idle');
    await registerVillager(tablet);
    await until(async () => (await tablet.db.outbox.count()) === 0);
    expect(((await server.db.get('SELECT COUNT(*) AS n FROM applicants')) as { n: number }).n).toBe(1);
  });

  it('pushes a change saved while a sync was running soon after that sync, not at the next probe', async () => {
    const pulls = held('pull', 2);
    const tablet = await signedInTablet(server.url, 'dxg-agent', pulls.api);
    await pullChanges(tablet.db, tablet.api);
    loop = createSyncLoop(tablet.db, tablet.api);
    loop.start();
    await until(() => pulls.calls() === 2);
    await registerVillager(tablet);
    pulls.release();
    await until(async () => (await tablet.db.outbox.count()) === 0, 8_000);
  });

  it('reports the server unreachable (the network is up), keeps the change queued, and says when it tries again', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    await registerVillager(tablet);
    await server.close();
    loop = createSyncLoop(tablet.db, tablet.api);
    const pressed = loop.syncNow();
    expect(loop.getStatus().phase).toBe('syncing'); // the button answers at once
    await pressed;
    expect(loop.getStatus()).toMatchObject({ connection: 'unreachable', phase: 'idle' });
    expect(loop.getStatus().nextAttemptAt).toBeGreaterThan(Date.now());
    expect(await tablet.db.outbox.count()).toBe(1);
  });

  it('pushes new records while a photo upload is still crawling over the link', async () => {
    const uploads = held('putChunk');
    const tablet = await signedInTablet(server.url, 'dxg-agent', uploads.api);
    await pullChanges(tablet.db, tablet.api);
    const caseId = await caseWithPhoto(tablet);
    loop = createSyncLoop(tablet.db, tablet.api);
    loop.start();
    await until(async () => (await tablet.db.outbox.count()) === 0 && loop?.getStatus().upload !== undefined);

    await tablet.commands.receiveCase(caseId, '材料后补');
    await until(async () => (await tablet.db.outbox.count()) === 0);
    expect(await tablet.db.blobOutbox.count()).toBe(1);
    expect(((await server.db.get('SELECT status FROM cases WHERE id = ?', caseId)) as { status: string }).status).toBe(
      'submitted',
    );

    uploads.release();
    await until(async () => (await tablet.db.blobOutbox.count()) === 0);
  });

  it('starts uploading photos while the records are still being pushed, and loses neither', async () => {
    const pushes = held('push');
    const tablet = await signedInTablet(server.url, 'dxg-agent', pushes.api);
    await pullChanges(tablet.db, tablet.api);
    const caseId = await caseWithPhoto(tablet);
    loop = createSyncLoop(tablet.db, tablet.api);
    loop.start();
    await until(async () => (await tablet.db.blobOutbox.count()) === 0);
    expect(await tablet.db.outbox.count()).toBe(3);
    expect(((await server.db.get('SELECT COUNT(*) AS n FROM cases')) as { n: number }).n).toBe(0);

    pushes.release();
    await until(async () => (await tablet.db.outbox.count()) === 0);
    const stored = (await server.db.get('SELECT data FROM cases WHERE id = ?', caseId)) as { data: string };
    const [blob] = await tablet.db.blobs.toArray();
    expect(stored.data).toContain(blob!.sha256);
    expect(((await server.db.get('SELECT COUNT(*) AS n FROM blobs WHERE sha256 = ?', blob!.sha256)) as { n: number }).n).toBe(1);
  });

  it('shows why the server refused a photo upload (its quota of photos no case uses), and tries again at the next sync', async () => {
    await server.close();
    server = await startTestServer({ unreferencedBlobQuota: 1024 });
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    // A photo that no case on the server shows yet, bigger than that quota.
    const photo = new Blob([new Uint8Array(4096).fill(3)], { type: 'image/jpeg' });
    const attachment = await describeFile(photo, new Date(server.now()));
    await tablet.db.blobs.add({
      sha256: attachment.sha256,
      ...(await sealPhoto(tablet.db, photo)),
      mime: 'image/jpeg',
      size: photo.size,
    });
    await tablet.db.blobOutbox.add({ sha256: attachment.sha256 });
    loop = createSyncLoop(tablet.db, tablet.api);
    loop.start();
    await until(() => loop?.getStatus().uploadError !== undefined);
    expect(loop.getStatus().uploadError).toMatchObject({ status: 429, reason: 'blob_quota_exceeded' });
    expect(await tablet.db.blobOutbox.count()).toBe(1);
  });
});

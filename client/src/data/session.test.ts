import { PROTOCOL_VERSION, residentIdCheckChar } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../sync/api-client.ts';
import { pullChanges, syncOnce } from '../sync/sync-engine.ts';
import { createSyncLoop } from '../sync/sync-loop.ts';
import { newTablet, signedInTablet } from '../testing/test-tablet.ts';
import { getMeta } from './meta.ts';
import { confirmPassword, hasTownship, signIn, signOut } from './session.ts';

let server: TestServer | undefined;
afterEach(() => server?.close());

const register = (tablet: Awaited<ReturnType<typeof signedInTablet>>) =>
  tablet.commands.registerApplicant({
    name: '周桂香',
    idNumber: `43098119480305002${residentIdCheckChar('43098119480305002')}`,
    flags: [],
  });

describe('signing out', () => {
  it('refuses while anything is unsynced, names the changes and photos waiting, and deletes nothing', async () => {
    server = await startTestServer();
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    const applicantId = await register(tablet);
    const [item] = await tablet.db.serviceItems.toArray();
    const caseId = await tablet.commands.openCase({ applicantId, serviceItemCode: item!.code, channel: 'walk_in' });
    const photo = new Blob([new Uint8Array(2048).fill(7)], { type: 'image/jpeg' });
    await tablet.commands.attachFile(caseId, item!.materials[0]!.key, photo);
    await expect(signOut(tablet)).rejects.toMatchObject({ key: 'error.unsyncedSignOut', params: { changes: 3, photos: 1 } });
    expect(await tablet.db.outbox.count()).toBe(3);
    expect(await tablet.db.blobs.count()).toBe(1);
    expect(await tablet.db.cases.count()).toBe(1);
    expect(await getMeta(tablet.db, 'session')).toBeDefined();
  });

  it('says goodbye once everything is synced: the token stops working and the device forgets the village', async () => {
    server = await startTestServer();
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    await register(tablet);
    await syncOnce(tablet.db, tablet.api);
    const token = (await getMeta(tablet.db, 'session'))?.token;
    await signOut(tablet);
    // The database itself is gone (its rows, the wrapped keys with them), and the keys in memory.
    expect(await Dexie.exists(tablet.db.name)).toBe(false);
    expect(tablet.db.vault.isOpen).toBe(false);
    expect(await getMeta(tablet.db, 'session')).toBeUndefined();
    expect(await tablet.db.lock.count()).toBe(0);
    expect(await tablet.db.applicants.count()).toBe(0);
    expect((await server.api('/api/sync/pull', { token })).status).toBe(401);
    expect((await server.login('dxg-agent')).priorEnrolments).toEqual([]);
  });
});

describe('a county administrator', () => {
  it('signs in without sealing anything or replicating the ledger, and signs out like everyone else', async () => {
    server = await startTestServer();
    const browser = newTablet(server.url);
    const session = await signIn({ username: 'county-admin', password: 'daiban-county', deviceName: 'county PC' }, browser);
    expect(session.account.role).toBe('county_admin');
    expect(hasTownship(session)).toBe(false);
    expect(session.county).not.toBeNull();
    expect(await browser.db.lock.count()).toBe(0);
    // The county reads through its own routes; the township ledger is not for it to copy.
    await expect(browser.api.pull(0, 10)).rejects.toMatchObject({ status: 403 });
    await signOut(browser);
    expect(await Dexie.exists(browser.db.name)).toBe(false);
    expect((await server.api('/api/county', { token: session.token })).status).toBe(401);
  });
});

describe('a forgotten PIN', () => {
  it('checks the password against this device’s own enrolment: unsynced work stays and still syncs', async () => {
    server = await startTestServer();
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    await register(tablet);
    await expect(confirmPassword('wrong-password', tablet.api)).rejects.toMatchObject({ status: 401 });
    await confirmPassword('daiban-agent', tablet.api);
    expect(await tablet.db.outbox.count()).toBe(1);
    await syncOnce(tablet.db, tablet.api);
    expect(await tablet.db.outbox.count()).toBe(0);
    expect(await server.db.get('SELECT COUNT(*) AS n FROM devices')).toEqual({ n: 1 });
  });
});

describe('what the tablet shows when sync cannot go on', () => {
  it('asks for an app update when the server no longer serves its protocol', async () => {
    const before = await startTestServer();
    const tablet = await signedInTablet(before.url, 'dxg-agent');
    await before.close();
    // The township upgraded its server past this app's protocol.
    server = await startTestServer({ minProtocolVersion: PROTOCOL_VERSION + 1 });
    await expect(signedInTablet(server.url, 'dxg-agent')).rejects.toThrow(/请更新应用/);
    const api = createApiClient({ baseUrl: server.url, token: async () => (await getMeta(tablet.db, 'session'))?.token });
    const loop = createSyncLoop(tablet.db, api);
    await loop.syncNow();
    await loop.syncNow();
    expect(loop.getStatus()).toMatchObject({ connection: 'online', phase: 'error', failures: 2 });
    expect(loop.getStatus().error).toMatch(/请更新应用/);
    loop.stop();
  });

  it('explains a wiped device: the ledger already has its numbered changes', async () => {
    server = await startTestServer();
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    await register(tablet);
    await syncOnce(tablet.db, tablet.api);
    // The local database is lost but the token survives (e.g. restored from an old backup).
    const session = await getMeta(tablet.db, 'session');
    await tablet.db.transaction('rw', tablet.db.tables, async () => {
      for (const table of tablet.db.tables) await table.clear();
    });
    await tablet.db.meta.put({ key: 'session', value: session });
    await pullChanges(tablet.db, tablet.api);
    await tablet.commands.registerApplicant({
      name: '新村民',
      idNumber: `43098119500101001${residentIdCheckChar('43098119500101001')}`,
      flags: [],
    });
    const loop = createSyncLoop(tablet.db, tablet.api);
    await loop.syncNow();
    expect(loop.getStatus().error).toMatch(/重新编号/);
    expect(await tablet.db.outbox.count()).toBe(1);
    loop.stop();
  });
});

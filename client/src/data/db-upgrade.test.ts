import type { Case, Mutation } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { FakeTablet } from '@daiban/sync-server/testing/fixtures';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../sync/api-client.ts';
import { syncOnce } from '../sync/sync-engine.ts';
import { findApplicants } from './applicant-search.ts';
import { sha256Hex } from './attachments.ts';
import { DaibanDb } from './db.ts';
import { readLock, unlockWithPassword } from './lock.ts';
import { getMeta } from './meta.ts';
import { loadVaultState, sealStoredPhotos } from './vault.ts';

/** The tablet database as version 1 of the app left it (a frozen copy of that schema). */
const V1_STORES = {
  meta: 'key',
  serviceItems: '[code+version], code',
  villages: 'id',
  applicants: 'id, name, idNumber, idTail, phone',
  cases: 'id, caseNumber, status, applicantId, updatedAt',
  outbox: 'seq, entityId',
  refusals: 'mutationId, entityId',
  blobs: 'sha256, uploaded',
};

/** The tablet database as version 11 left it: records in clear, the PIN as a PBKDF2 verifier. */
const V11_STORES = {
  ...V1_STORES,
  cases: 'id, caseNumber, updatedAt, [status+updatedAt], [applicantId+updatedAt], dueDate, serviceItemCode',
  serverCases: 'id',
  serverApplicants: 'id',
  visits: 'id, plannedFor, status, applicantId',
  serverVisits: 'id',
  handovers: 'id, *caseIds, createdAt',
  serverHandovers: 'id',
  agents: 'id, villageId',
  duty: '[villageId+date], date',
  calendar: 'date',
  lock: 'id',
};

/** The tablet database as version 14 left it: whether a photo waits to upload is a flag in its row. */
const V14_STORES = { ...V11_STORES, applicants: 'id', cases: 'id', pages: 'id', pageIds: '[page+table]' };

/**
 * An older app's work on a tablet, not yet written anywhere: its sign-in (the real server's), the
 * catalog it pulled, a villager, a case for the first item and a photo.
 */
async function oldAppWork() {
  const name = `upgrade-${crypto.randomUUID()}`;
  let token: string | undefined;
  const api = createApiClient({ baseUrl: server.url, token: async () => token });
  const session = await api.login({ username: 'dxg-agent', password: 'daiban-agent', deviceName: 'old app' });
  token = session.token;
  const { page: catalog } = await api.pull(0, 1000);
  const tablet = new FakeTablet(session, server.now);
  const applicant = tablet.applicant();
  const photo = new Blob([new Uint8Array(40_000).fill(9)], { type: 'image/jpeg' });
  const sha256 = await sha256Hex(photo);
  const opened = tablet.openedCase(applicant, catalog.serviceItems[0]!);
  // The case once the photo is collected for its first material.
  const attachment = { sha256, size: photo.size, mime: 'image/jpeg' as const, addedAt: server.now().toISOString() };
  const collected = { ...opened.materials[0]!, status: 'collected' as const, attachments: [attachment] };
  const photographed = { ...opened, materials: [collected, ...opened.materials.slice(1)] };
  return { name, api, session, catalog, tablet, applicant, photo, sha256, opened, attachment, collected, photographed };
}

/** What an older app left on a tablet: `work` and its queued `mutations`, written with that version's schema. */
async function writeOldTablet(
  version: number,
  stores: Record<string, string>,
  work: OldAppWork,
  theCase: Case,
  mutations: Mutation[],
): Promise<Dexie> {
  const { name, session, catalog, applicant, photo, sha256 } = work;
  const old = new Dexie(name);
  old.version(version).stores(stores);
  await old.table('meta').bulkPut([
    { key: 'session', value: session },
    { key: 'deviceSeq', value: mutations.length },
    { key: 'cursor', value: catalog.cursor },
  ]);
  await old.table('serviceItems').bulkPut(catalog.serviceItems);
  await old.table('applicants').put({ ...applicant, idTail: applicant.idNumber.slice(-4) });
  await old.table('cases').put(theCase);
  await old.table('outbox').bulkPut(
    mutations.map((m) => ({
      seq: m.deviceSeq,
      entityId: m.type === 'applicant.register' ? applicant.id : theCase.id,
      mutation: m,
    })),
  );
  await old.table('blobs').put({ sha256, blob: photo, mime: 'image/jpeg', size: photo.size, uploaded: 0 });
  return old;
}

type OldAppWork = Awaited<ReturnType<typeof oldAppWork>>;

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

describe('upgrading the tablet database', () => {
  it('keeps unsynced mutations and photos through the upgrade to version 2, then syncs them', async () => {
    const work = await oldAppWork();
    const { name, api, tablet, applicant, sha256, opened, attachment, collected, photographed } = work;
    const mutations = [
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
      tablet.mutation('case.setMaterial', {
        caseId: opened.id,
        key: collected.key,
        status: 'collected',
        attachments: [attachment],
        base: null,
      }),
    ];

    const v1 = await writeOldTablet(1, V1_STORES, work, photographed, mutations);
    v1.close();

    const db = new DaibanDb(name);
    expect(await db.outbox.count()).toBe(3);
    expect(await db.blobOutbox.count()).toBe(1);
    expect(await db.serverCases.count()).toBe(0);
    expect(await getMeta(db, 'deviceSeq')).toBe(3);
    expect(await getMeta(db, 'cursor')).toBe(0);
    expect(db.verno).toBe(15);
    expect(await db.calendar.count()).toBe(0);

    await syncOnce(db, api);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.refusals.count()).toBe(0);
    expect((await db.cases.get(opened.id))?.status).toBe('draft');
    // The upgrade to v7 pulls from the start again, so the calendar the old pages left out arrives.
    expect(await db.calendar.count()).toBeGreaterThan(0);
    expect((await db.cases.get(opened.id))?.materials[0]?.attachments[0]?.sha256).toBe(sha256);
    expect(await server.db.all('SELECT sha256 FROM blobs')).toEqual([{ sha256 }]);
  });

  it('seals what version 11 kept in clear once the agent types the password, and still syncs it', async () => {
    const work = await oldAppWork();
    const { name, api, session, tablet, applicant, sha256, opened } = work;
    const mutations = [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)];

    const v11 = await writeOldTablet(11, V11_STORES, work, opened, mutations);
    await v11
      .table('lock')
      .put({ id: 'pin', salt: 'AAAAAAAAAAAAAAAAAAAAAA==', iterations: 210_000, verifier: 'x', failures: 0, waitUntil: 0 });
    v11.close();

    const db = new DaibanDb(name);
    await loadVaultState(db);
    expect(db.verno).toBe(15);
    // The old PIN check is gone (the files alone could try every PIN against it); whose tablet it is stays.
    expect(await readLock(db)).toEqual({ hasPin: false, hasPassword: false, failures: 0, waitUntil: 0 });
    expect(await getMeta(db, 'signedIn')).toMatchObject({ username: 'dxg-agent', deviceId: session.device.id });
    expect((await findApplicants(db, applicant.name)).map((a) => a.id)).toEqual([applicant.id]);

    expect(await unlockWithPassword('daiban-agent', Date.now(), { db, api })).toEqual({ outcome: 'unlocked' });
    await sealStoredPhotos(db);
    expect(await readLock(db)).toMatchObject({ hasPin: false, hasPassword: true });
    const raw = new Dexie(name);
    await raw.open();
    const atRest = JSON.stringify(
      await Promise.all(['applicants', 'cases', 'outbox', 'meta'].map((t) => raw.table(t).toArray())),
    );
    const storedPhoto = await raw.table('blobs').get(sha256);
    raw.close();
    for (const secret of [applicant.name, applicant.idNumber, session.token]) expect(atRest).not.toContain(secret);
    expect(storedPhoto.sealed).toBe(1);
    expect((await findApplicants(db, applicant.name)).map((a) => a.id)).toEqual([applicant.id]);

    await syncOnce(db, api);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.refusals.count()).toBe(0);
  });

  it('keeps a photo version 14 had not uploaded waiting in the photo outbox, and uploads it; an uploaded one stays out', async () => {
    const work = await oldAppWork();
    const { name, api, tablet, applicant, sha256, photographed } = work;
    const mutations = [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', photographed)];
    const v14 = await writeOldTablet(14, V14_STORES, work, photographed, mutations);
    const earlier = new Blob([new Uint8Array(1000).fill(1)], { type: 'image/jpeg' });
    const earlierSha = await sha256Hex(earlier);
    await v14.table('blobs').put({ sha256: earlierSha, blob: earlier, mime: 'image/jpeg', size: earlier.size, uploaded: 1 });
    v14.close();

    const db = new DaibanDb(name);
    expect(await db.blobOutbox.toCollection().primaryKeys()).toEqual([sha256]);
    expect(await db.blobs.count()).toBe(2);
    expect(db.verno).toBe(15);

    await syncOnce(db, api);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.blobOutbox.count()).toBe(0);
    expect(await db.blobs.count()).toBe(2);
    expect(await server.db.all('SELECT sha256 FROM blobs')).toEqual([{ sha256 }]);
  });
});

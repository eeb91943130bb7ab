import { residentIdCheckChar } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullChanges, syncOnce } from '../sync/sync-engine.ts';
import { signedInTablet } from '../testing/test-tablet.ts';
import { findApplicants } from './applicant-search.ts';
import { listCases } from './case-search.ts';
import { getMeta } from './meta.ts';
import { loadVaultState, openPhoto } from './vault.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const idNumber = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
let n = 0;
/** A villager of its own per tablet: every test's tablet registers one on the same server. */
const person = () => ({
  name: '周桂香',
  idNumber: idNumber(`430981194803050${String(n++).padStart(2, '0')}`),
  phone: '13907301234',
});
const NOTE = '老人腿脚不便，女儿代为签字';
const ADDRESS = '大西港村3组12号';
const PHOTO = new Uint8Array(4096).map((_, i) => (i * 7) % 251);

/** A tablet with a villager, a case with a note and a photo, a planned visit; some of it synced. */
async function tabletWithWork() {
  const tablet = await signedInTablet(server.url, 'dxg-agent');
  await pullChanges(tablet.db, tablet.api);
  const PERSON = person();
  const applicantId = await tablet.commands.registerApplicant({ ...PERSON, flags: [] });
  const [item] = await tablet.db.serviceItems.toArray();
  const caseId = await tablet.commands.openCase({ applicantId, serviceItemCode: item!.code, channel: 'walk_in', notes: NOTE });
  await tablet.commands.attachFile(caseId, item!.materials[0]!.key, new Blob([PHOTO], { type: 'image/jpeg' }));
  await syncOnce(tablet.db, tablet.api);
  await tablet.commands.planVisit({ applicantId, plannedFor: '2026-11-23', address: ADDRESS, serviceItemCode: item!.code });
  const token = (await getMeta(tablet.db, 'session'))!.token;
  return { tablet, caseId, applicantId, token, PERSON };
}

/** Every row of every table as IndexedDB holds it, read without the app's sealing: what a thief's copy shows. */
async function atRest(name: string): Promise<string> {
  const raw = new Dexie(name);
  await raw.open();
  const rows = await Promise.all(raw.tables.map(async (t) => ({ table: t.name, rows: await t.toArray() })));
  raw.close();
  // Byte arrays are shown as the text they would be if they were not ciphertext, so nothing hides in them.
  return JSON.stringify(rows, (_key, value) =>
    value instanceof Uint8Array ? new TextDecoder().decode(value) : value instanceof Blob ? `[blob ${value.size}]` : value,
  );
}

describe('records sealed at rest on the tablet', () => {
  it('keeps no name, ID number, phone, address, note or token in clear, synced or not', async () => {
    const { tablet, token, PERSON } = await tabletWithWork();
    const stored = await atRest(tablet.db.name);
    // (Not single characters: ciphertext read as text shows random ones.)
    for (const secret of [PERSON.name, PERSON.idNumber, PERSON.phone, NOTE, ADDRESS, token]) {
      const at = stored.indexOf(secret);
      expect(at < 0 ? '' : stored.slice(at - 300, at + 50), secret).toBe('');
    }
    // What the indexes and lists need stays readable: ids, statuses, dates.
    expect(stored).toContain('"status":"draft"');
  });

  it('seals photos: the stored bytes are not the photo, and the app opens them', async () => {
    const { tablet } = await tabletWithWork();
    const [stored] = await tablet.db.blobs.toArray();
    expect(stored?.sealed).toBe(1);
    const kept = new Uint8Array(await stored!.blob.arrayBuffer());
    expect(kept.length).toBe(PHOTO.length + 12 + 16);
    expect(Buffer.from(kept).includes(Buffer.from(PHOTO.subarray(0, 64)))).toBe(false);
    expect(new Uint8Array(await (await openPhoto(tablet.db, stored!)).arrayBuffer())).toEqual(PHOTO);
  });

  it('reads and writes nothing sealed while the vault is locked', async () => {
    const { tablet, caseId, applicantId, PERSON } = await tabletWithWork();
    tablet.db.close();
    const { DaibanDb } = await import('./db.ts');
    const locked = new DaibanDb(tablet.db.name);
    await loadVaultState(locked);
    await expect(locked.cases.get(caseId)).rejects.toMatchObject({ key: 'error.vaultLocked' });
    await expect(
      locked.applicants.put({
        id: applicantId,
        villageId: 'v-dxg',
        name: 'x',
        idNumber: PERSON.idNumber,
        flags: [],
        createdAt: new Date(0).toISOString(),
      }),
    ).rejects.toMatchObject({ key: 'error.vaultLocked' });
    // What is kept in clear still reads: the list can count, the lock screen can say whose tablet it is.
    expect(await locked.cases.count()).toBe(1);
    expect(await getMeta(locked, 'signedIn')).toMatchObject({ username: 'dxg-agent' });
  });

  it('still finds villagers and their cases by name prefix, ID tail, whole ID number and phone prefix', async () => {
    const { tablet, caseId, applicantId, PERSON } = await tabletWithWork();
    for (const term of ['周', '周桂', PERSON.idNumber.slice(-4), PERSON.idNumber, PERSON.phone.slice(-4), PERSON.phone]) {
      expect(
        (await findApplicants(tablet.db, term)).map((a) => a.id),
        term,
      ).toEqual([applicantId]);
    }
    expect(await findApplicants(tablet.db, '王')).toEqual([]);
    expect(await listCases(tablet.db, { text: '周桂' })).toEqual({ count: 1, ids: [caseId] });
    expect(await listCases(tablet.db, { text: PERSON.idNumber.slice(-4) })).toEqual({ count: 1, ids: [caseId] });
  });

  it("keeps of a villager in clear only what is not personal, and drops version 12's search tokens as it reads", async () => {
    const { tablet, applicantId } = await tabletWithWork();
    const raw = new Dexie(tablet.db.name);
    await raw.open();
    const [row] = (await raw.table('applicants').toArray()) as Record<string, unknown>[];
    expect(Object.keys(row ?? {}).sort()).toEqual(['$sealed', 'createdAt', 'id', 'villageId']);
    // A row version 12 wrote kept keyed hashes of the name's prefixes beside it, for its indexes.
    await raw.table('applicants').update(applicantId, { nameKeys: ['k1', 'k2'], idTailKey: 'k3' });
    raw.close();
    const read = await tablet.db.applicants.get(applicantId);
    expect(read).not.toHaveProperty('nameKeys');
    expect(read).not.toHaveProperty('idTailKey');
    expect(read?.name).toBe('周桂香');
  });
});

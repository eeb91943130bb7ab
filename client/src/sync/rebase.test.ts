import { residentIdCheckChar } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedInTablet, type TestTablet } from '../testing/test-tablet.ts';
import { pullChanges, pushOutbox, syncOnce } from './sync-engine.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const idNumber = (first17: string) => first17 + residentIdCheckChar(first17);

async function openedAndSynced(tablet: TestTablet) {
  await pullChanges(tablet.db, tablet.api);
  const applicantId = await tablet.commands.registerApplicant({
    name: '周桂香',
    idNumber: idNumber('43098119480305002'),
    flags: [],
  });
  const [item] = await tablet.db.serviceItems.toArray();
  const caseId = await tablet.commands.openCase({ applicantId, serviceItemCode: item!.code, channel: 'walk_in' });
  await tablet.commands.receiveCase(caseId, '材料后补');
  await syncOnce(tablet.db, tablet.api);
  return { caseId, key: item!.materials[0]!.key };
}

async function accept(caseId: string) {
  const supervisor = await server.login('supervisor');
  const res = await server.api(`/api/cases/${caseId}/accept`, {
    method: 'POST',
    token: supervisor.token,
    body: '{"missingAcknowledged":true}',
  });
  expect(res.status).toBe(200);
}

describe('pulled changes and local edits crossing in flight', () => {
  it('keeps a local edit on top of the township decision pulled before it was pushed, then both reach the ledger', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    const { caseId, key } = await openedAndSynced(tablet);
    await tablet.commands.setMaterialStatus(caseId, key, 'waived', '申请人已提供原件核验');
    await accept(caseId);

    await pullChanges(tablet.db, tablet.api);
    const view = await tablet.db.cases.get(caseId);
    expect(view?.status).toBe('accepted');
    expect(view?.materials[0]).toMatchObject({ status: 'waived', note: '申请人已提供原件核验' });
    expect((await tablet.db.serverCases.get(caseId))?.materials[0]?.status).toBe('missing');

    await syncOnce(tablet.db, tablet.api);
    const after = await tablet.db.cases.get(caseId);
    expect(after?.status).toBe('accepted');
    expect(after?.materials[0]?.status).toBe('waived');
    // Nothing waits any more: pulling again leaves the view as it is.
    await pullChanges(tablet.db, tablet.api);
    expect(await tablet.db.cases.get(caseId)).toEqual(after);
  });

  it('stores a pulled record once while nothing waits, and copies the server version before the first local edit', async () => {
    const first = await signedInTablet(server.url, 'dxg-agent');
    const { caseId, key } = await openedAndSynced(first);
    await accept(caseId);
    const second = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(second.db, second.api);
    const pulled = await second.db.cases.get(caseId);
    expect(pulled?.status).toBe('accepted');
    expect(await second.db.serverCases.get(caseId)).toBeUndefined();

    // The first local edit keeps the version it was made on; a refusal or a pull replays on that.
    await second.commands.setMaterialStatus(caseId, key, 'waived', '原件已核验');
    expect(await second.db.serverCases.get(caseId)).toEqual(pulled);
    await first.commands.setMaterialStatus(caseId, key, 'collected');
    await syncOnce(first.db, first.api);
    await pullChanges(second.db, second.api);
    const view = await second.db.cases.get(caseId);
    expect(view?.materials[0]).toMatchObject({ status: 'waived', note: '原件已核验' });
    expect((await second.db.serverCases.get(caseId))?.materials[0]?.status).toBe('collected');
  });

  it('drops a refused change from the view, keeps it as needing attention, and keeps what is still pending', async () => {
    const first = await signedInTablet(server.url, 'dxg-agent');
    const second = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(second.db, second.api);
    await openedAndSynced(first);
    // The second tablet registered the same villager offline and opened a case for them.
    const applicantId = await second.commands.registerApplicant({
      name: '周桂香',
      idNumber: idNumber('43098119480305002'),
      flags: [],
    });
    const [item] = await second.db.serviceItems.toArray();
    const caseId = await second.commands.openCase({ applicantId, serviceItemCode: item!.code, channel: 'home_visit' });
    await pushOutbox(second.db, second.api);

    const refusals = (await second.db.refusals.toArray()).sort((a, b) => a.mutation.deviceSeq - b.mutation.deviceSeq);
    expect(refusals.map((r) => [r.mutation.type, r.reason])).toEqual([
      ['applicant.register', 'duplicate_id_number'],
      ['case.open', 'not_found'],
    ]);
    expect(await second.db.applicants.get(applicantId)).toBeUndefined();
    expect(await second.db.cases.get(caseId)).toBeUndefined();
    expect(await second.db.outbox.count()).toBe(0);
  });
});

describe('a tablet whose clock is three days off', () => {
  for (const skewDays of [-3, 3]) {
    it(`stamps its changes with the server's time (${skewDays > 0 ? '+' : ''}${skewDays} days), so a later edit still wins`, async () => {
      const a = await signedInTablet(server.url, 'dxg-agent');
      const b = await signedInTablet(server.url, 'dxg-agent');
      b.db.wallClock = () => Date.now() + skewDays * 86_400_000;
      const { caseId, key } = await openedAndSynced(a);
      await syncOnce(b.db, b.api);
      await b.commands.setMaterialStatus(caseId, key, 'waived', 'B 后改');
      const [entry] = await b.db.outbox.toArray();
      const wall = Number(entry!.mutation.hlc.slice(0, 15));
      expect(Math.abs(wall - Date.now())).toBeLessThan(60_000);
      // A concurrent edit made earlier on tablet A, pushed after B's: B's later edit still wins.
      await a.commands.setMaterialStatus(caseId, key, 'collected', 'A 先改');
      const aEntry = (await a.db.outbox.toArray()).at(-1)!;
      aEntry.mutation.hlc = `${String(wall - 1000).padStart(15, '0')}${aEntry.mutation.hlc.slice(15)}`;
      await a.db.outbox.put(aEntry);
      await syncOnce(b.db, b.api);
      await syncOnce(a.db, a.api);
      await syncOnce(b.db, b.api);
      expect((await a.db.cases.get(caseId))?.materials[0]?.note).toBe('B 后改');
      expect((await b.db.cases.get(caseId))?.materials[0]?.note).toBe('B 后改');
    });
  }
});

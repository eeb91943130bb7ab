import { residentIdCheckChar } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncOnce } from '../sync/sync-engine.ts';
import { signedInTablet, type TestTablet } from '../testing/test-tablet.ts';
import { getMeta } from './meta.ts';
import { visitCaseChoices, visitsOfCase } from './visits.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ now: () => new Date('2026-11-23T03:17:55Z') });
});
afterEach(() => server.close());

const idNumber = (first17: string) => first17 + residentIdCheckChar(first17);
const sync = (t: TestTablet) => syncOnce(t.db, t.api);
const signature = new Blob([new Uint8Array(3000).fill(9)], { type: 'image/png' });

describe('a case opened on a home visit', () => {
  it('is the one the visit offers (never a colleague’s), and the visit reaches the case’s history', async () => {
    const a = await signedInTablet(server.url, 'dxg-agent');
    const b = await signedInTablet(server.url, 'dxg-agent-b');
    await sync(a);
    const applicantId = await a.commands.registerApplicant({
      name: '周桂香',
      idNumber: idNumber('43098119480305002'),
      flags: [],
    });
    const [item] = await a.db.serviceItems.toArray();
    const visitId = await a.commands.planVisit({
      applicantId,
      plannedFor: '2026-11-23',
      address: '3组12号',
      serviceItemCode: item!.code,
    });
    await sync(a);
    await sync(b);

    const caseId = await a.commands.openCase({ applicantId, serviceItemCode: item!.code, channel: 'home_visit', visitId });
    // Meanwhile the B post opens a case for the same villager; it reaches tablet A as the newest.
    await b.commands.openCase({ applicantId, serviceItemCode: item!.code, channel: 'walk_in' });
    await sync(b);
    await sync(a);
    const me = (await getMeta(a.db, 'session'))!.account.id;
    const visit = (await a.db.visits.get(visitId))!;
    expect(await visitCaseChoices(a.db, visit, me)).toEqual({ cases: [expect.objectContaining({ id: caseId })], opened: caseId });

    await a.commands.recordVisit({ visitId, present: '本人、女儿', consent: signature, caseId });
    await sync(a);
    const c = (await a.db.cases.get(caseId))!;
    expect(c.visitId).toBe(visitId);
    expect(c.history?.map((e) => e.type)).toEqual(['case.open', 'visit.record']);
    expect(await visitsOfCase(a.db, c)).toEqual([
      expect.objectContaining({ id: visitId, status: 'done', present: '本人、女儿', caseId }),
    ]);
    await sync(b);
    expect((await b.db.cases.get(caseId))?.history?.map((e) => e.type)).toEqual(['case.open', 'visit.record']);
  });
});

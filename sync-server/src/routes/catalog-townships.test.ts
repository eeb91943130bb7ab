import {
  addWorkingDays,
  type Case,
  type CaseDetail,
  type CreateServiceItemRequest,
  chinaDate,
  type PushResponse,
  type ServiceItem,
} from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogHistory, pulledServiceItems, sendCatalog } from '../testing/catalog-calls.ts';
import { dbChecksum } from '../testing/db-checksum.ts';
import { draftOf, FakeTablet } from '../testing/fixtures.ts';
import { otherTownshipAccount } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// Two townships on one county server (issue 17): the demo township 千山红镇 and 别的镇. Each
// township's catalog is its own; the other township can neither see nor change it.

let server: TestServer;
const now = new Date('2026-11-20T02:00:00Z');
beforeEach(async () => {
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

/** An item as an admin creates it: one material, keyed `materialKey`. */
const item = (code: string, name: string, materialKey: string, timeLimitDays: number): CreateServiceItemRequest => ({
  code,
  name,
  department: 'civil_affairs',
  legalBasis: '《社会救助暂行办法》',
  eligibility: '本镇户籍居民',
  materials: [{ key: materialKey, name: '证明材料', form: 'original', copies: 1, required: true }],
  steps: ['村代办员受理', '报乡镇审批'],
  timeLimitDays,
  fee: '不收费',
  handling: 'township',
  homeVisit: false,
});
/** What a tablet holding `request` at `version` opens cases with. */
const published = (request: CreateServiceItemRequest, version = 1): ServiceItem => ({
  ...request,
  version,
  publishedAt: now.toISOString(),
});

const send = (method: 'POST' | 'PUT', path: string, token: string, body: unknown) =>
  sendCatalog(server, method, path, token, body);
const historyOf = (code: string, token: string) => catalogHistory(server, code, token);
const codesOf = (items: ServiceItem[]) => [...new Set(items.map((i) => i.code))].sort();

async function catalogList(token: string): Promise<ServiceItem[]> {
  const res = await server.api('/api/catalog', { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: ServiceItem[] }).items;
}

async function pulledItems(token: string): Promise<ServiceItem[]> {
  return (await pulledServiceItems(server, token)).items;
}

async function push(tablet: FakeTablet, mutations: unknown[]): Promise<PushResponse['results']> {
  const res = await server.api('/api/sync/push', {
    method: 'POST',
    token: tablet.session.token,
    body: JSON.stringify({ mutations }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as PushResponse).results;
}

/** Registers an applicant and opens a case for `serviceItem` as the tablet knows it; the case and the push's results. */
async function openCase(tablet: FakeTablet, serviceItem: ServiceItem) {
  const applicant = tablet.applicant();
  const opened = tablet.openedCase(applicant, serviceItem);
  const results = await push(tablet, [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)]);
  return { opened, results };
}

describe('one catalog per township (事项清单 by township)', () => {
  it('keeps another township’s admin and supervisor from reading, editing or retiring an item (404, nothing written)', async () => {
    const admin = await server.login('admin');
    const otherAdmin = await otherTownshipAccount(server, 'admin');
    const otherSupervisor = await otherTownshipAccount(server, 'supervisor');
    const ours = (await historyOf('MZ-001', admin.token)).item;

    const before = await dbChecksum(server.db);
    for (const who of [otherAdmin, otherSupervisor]) {
      expect((await server.api('/api/catalog/MZ-001', { token: who.token })).status).toBe(404);
    }
    const edit = await send('PUT', '/MZ-001', otherAdmin.token, { ...draftOf(ours), name: '被改了', baseVersion: ours.version });
    expect(edit.status).toBe(404);
    const retire = await send('PUT', '/MZ-001', otherAdmin.token, { ...draftOf(ours), retired: true, baseVersion: ours.version });
    expect(retire.status).toBe(404);
    expect(await dbChecksum(server.db)).toBe(before);
    expect((await historyOf('MZ-001', admin.token)).versions).toEqual([ours]);
  });

  it('lists and pulls to each township only its own items', async () => {
    const ourCodes = codesOf(await catalogList((await server.login('admin')).token));
    expect(ourCodes.length).toBeGreaterThanOrEqual(20);
    const otherAdmin = await otherTownshipAccount(server, 'admin');
    expect(await catalogList(otherAdmin.token)).toEqual([]);
    expect((await send('POST', '', otherAdmin.token, item('QT-950', '别镇特有事项', 'proof', 5))).status).toBe(201);

    const otherAgent = await otherTownshipAccount(server, 'agent');
    const otherSupervisor = await otherTownshipAccount(server, 'supervisor');
    for (const who of [otherAgent, otherSupervisor]) expect(codesOf(await pulledItems(who.token))).toEqual(['QT-950']);
    expect(codesOf(await catalogList(otherSupervisor.token))).toEqual(['QT-950']);

    for (const username of ['dxg-agent', 'supervisor']) {
      expect(codesOf(await pulledItems((await server.login(username)).token))).toEqual(ourCodes);
    }
    expect(codesOf(await catalogList((await server.login('supervisor')).token))).toEqual(ourCodes);
  });

  it('lets two townships use one code with their own versions, checklists, names and time limits', async () => {
    const admin = await server.login('admin');
    const otherAdmin = await otherTownshipAccount(server, 'admin');
    const { code: _, ...ourDraft } = item('MZ-901', '千山红临时救助', 'id_card', 5);
    const theirRequest = item('MZ-901', '别镇临时救助', 'hukou', 10);
    expect((await send('POST', '', admin.token, { ...ourDraft, code: 'MZ-901' })).status).toBe(201);
    const created = await send('POST', '', otherAdmin.token, theirRequest);
    expect(created.status).toBe(201);
    expect(((await created.json()) as { item: ServiceItem }).item).toEqual(published(theirRequest));

    // 千山红镇 edits its MZ-901 twice; 别的镇's stays at version 1, and its own edit of version 1 is not stale.
    for (const baseVersion of [1, 2]) {
      const res = await send('PUT', '/MZ-901', admin.token, { ...ourDraft, name: `千山红第${baseVersion + 1}版`, baseVersion });
      expect(res.status).toBe(200);
    }
    expect((await historyOf('MZ-901', otherAdmin.token)).versions).toEqual([published(theirRequest)]);
    const retired = await send('PUT', '/MZ-901', otherAdmin.token, {
      ...draftOf(published(theirRequest)),
      retired: true,
      baseVersion: 1,
    });
    expect(retired.status).toBe(200);
    expect((await historyOf('MZ-901', admin.token)).versions.map((v) => [v.version, v.name, v.retired ?? false])).toEqual([
      [1, '千山红临时救助', false],
      [2, '千山红第2版', false],
      [3, '千山红第3版', false],
    ]);
    expect((await catalogList(otherAdmin.token)).map((i) => [i.code, i.version, i.retired])).toEqual([['MZ-901', 2, true]]);

    // A case of 别的村 on MZ-901@1 is checked against 别的镇's checklist, and named and timed by its item.
    const tablet = new FakeTablet(await otherTownshipAccount(server, 'agent'), server.now);
    const wrongList = await openCase(tablet, published({ ...ourDraft, code: 'MZ-901' }));
    expect(wrongList.results[1]).toMatchObject({ outcome: 'refused', reason: 'validation_failed' });
    const { opened, results } = await openCase(tablet, published(theirRequest));
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect((await push(tablet, [tablet.receive(opened.id)]))[0]?.outcome).toBe('applied');
    const otherSupervisor = await otherTownshipAccount(server, 'supervisor');
    const detail = (await (await server.api(`/api/cases/${opened.id}`, { token: otherSupervisor.token })).json()) as CaseDetail;
    expect(detail.serviceItemName).toBe('别镇临时救助');
    const accepted = await server.api(`/api/cases/${opened.id}/accept`, {
      method: 'POST',
      token: otherSupervisor.token,
      body: JSON.stringify({ missingAcknowledged: true }),
    });
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { case: Case }).case.dueDate).toBe(addWorkingDays(chinaDate(now), 10));
  });

  it('refuses a case opened with an item code only another township has', async () => {
    const otherAdmin = await otherTownshipAccount(server, 'admin');
    const theirs = item('QT-950', '别镇特有事项', 'proof', 5);
    expect((await send('POST', '', otherAdmin.token, theirs)).status).toBe(201);

    const agent = await server.login('dxg-agent');
    const { opened, results } = await openCase(new FakeTablet(agent, server.now), published(theirs));
    expect(results[0]?.outcome).toBe('applied');
    expect(results[1]).toMatchObject({ outcome: 'refused', reason: 'not_found' });
    expect((await server.api(`/api/cases/${opened.id}`, { token: agent.token })).status).toBe(404);
  });
});

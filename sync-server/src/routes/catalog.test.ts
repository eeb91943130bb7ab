import { addWorkingDays, type Case, type CaseDetail, chinaDate, type ServiceItem } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerHead } from '../db/index.ts';
import { catalogHistory, pulledServiceItems, sendCatalog } from '../testing/catalog-calls.ts';
import { draftOf } from '../testing/fixtures.ts';
import { submittedCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
const now = new Date('2026-11-20T02:00:00Z');
beforeEach(async () => {
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

const pullAll = (token: string, cursor = 0) => pulledServiceItems(server, token, cursor);
const send = (method: 'POST' | 'PUT', path: string, token: string, body: unknown) =>
  sendCatalog(server, method, path, token, body);
const history = (code: string, token: string) => catalogHistory(server, code, token);
const catalogRows = async () => ((await server.db.get('SELECT COUNT(*) AS n FROM service_items')) as { n: number }).n;

const newItem = {
  code: 'MZ-901',
  name: '临时救助申请',
  keywords: ['临时救助', '急难'],
  department: 'civil_affairs',
  legalBasis: '《社会救助暂行办法》第四十七条',
  eligibility: '因突发事件、意外伤害导致基本生活暂时出现严重困难的家庭或个人',
  materials: [
    { key: 'id_card', name: '申请人身份证', form: 'copy', copies: 1, required: true },
    { key: 'proof', name: '困难情况证明', form: 'original', copies: 1, required: true, notes: '村委会出具' },
  ],
  steps: ['村代办员受理并核实', '报乡镇审核审批'],
  timeLimitDays: 5,
  fee: '不收费',
  handling: 'township',
  homeVisit: true,
} as const;

describe('catalog administration (事项管理)', () => {
  it('creates an item as version 1, in the ledger, and a tablet that pulled before receives it', async () => {
    const admin = await server.login('admin');
    const agent = await server.login('dxg-agent');
    const before = await pullAll(agent.token);

    const res = await send('POST', '', admin.token, newItem);
    expect(res.status).toBe(201);
    const { item } = (await res.json()) as { item: ServiceItem };
    expect(item).toMatchObject({ ...newItem, version: 1, publishedAt: now.toISOString() });

    const list = (await (await server.api('/api/catalog', { token: admin.token })).json()) as { items: ServiceItem[] };
    expect(list.items.find((i) => i.code === 'MZ-901')).toEqual(item);
    // The event names the township whose catalog the version belongs to.
    const event = await server.db.get<{ type: string; accountId: string; payload: string }>(
      'SELECT type, account_id AS "accountId", payload FROM events WHERE entity_id = ?',
      `${admin.township!.id}:MZ-901@1`,
    );
    expect({ ...event, payload: JSON.parse(event?.payload ?? '{}').townshipId }).toEqual({
      type: 'catalog.publish',
      accountId: admin.account.id,
      payload: admin.township!.id,
    });

    const after = await pullAll(agent.token, before.cursor);
    expect(after.items).toEqual([item]);
  });

  it('refuses a second item with the same code (409) and writes nothing', async () => {
    const admin = await server.login('admin');
    expect((await send('POST', '', admin.token, newItem)).status).toBe(201);
    const head = await ledgerHead(server.db);
    const again = await send('POST', '', admin.token, { ...newItem, name: '另一个事项' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { reason: string } }).error.reason).toBe('already_exists');
    expect(await ledgerHead(server.db)).toBe(head);
    expect((await history('MZ-901', admin.token)).versions.map((v) => v.name)).toEqual(['临时救助申请']);
  });

  it('an edit publishes version 2; version 1 and the case opened with it stay as they were', async () => {
    const { caseId, agent, item: v1 } = await submittedCase(server);
    const admin = await server.login('admin');
    const supervisor = await server.login('supervisor');
    const pulled = await pullAll(agent.token);

    const res = await send('PUT', `/${v1.code}`, admin.token, {
      ...draftOf(v1),
      timeLimitDays: v1.timeLimitDays + 10,
      baseVersion: 1,
    });
    expect(res.status).toBe(200);
    const v2 = ((await res.json()) as { item: ServiceItem }).item;
    expect(v2).toMatchObject({ code: v1.code, version: 2, timeLimitDays: v1.timeLimitDays + 10 });

    const { item, versions } = await history(v1.code, supervisor.token);
    expect(item).toEqual(v2);
    expect(versions).toEqual([v1, v2]);

    // The tablet that already pulled gets version 2, and only that, on its next pull.
    expect((await pullAll(agent.token, pulled.cursor)).items).toEqual([v2]);

    // The case keeps version 1: its deadline on acceptance counts version 1's time limit.
    const accepted = (await (
      await server.api(`/api/cases/${caseId}/accept`, {
        method: 'POST',
        token: supervisor.token,
        body: '{"missingAcknowledged":true}',
      })
    ).json()) as { case: Case };
    expect(accepted.case.serviceItemVersion).toBe(1);
    expect(accepted.case.dueDate).toBe(addWorkingDays(chinaDate(now), v1.timeLimitDays));
    const detail = (await (await server.api(`/api/cases/${caseId}`, { token: supervisor.token })).json()) as CaseDetail;
    expect(detail.case.serviceItemVersion).toBe(1);
  });

  it('refuses an edit made on an old version, so a retried edit publishes once', async () => {
    const admin = await server.login('admin');
    const v1 = (await history('MZ-001', admin.token)).item;
    const edit = { ...draftOf(v1), fee: '免费', baseVersion: 1 };
    expect((await send('PUT', '/MZ-001', admin.token, edit)).status).toBe(200);
    const head = await ledgerHead(server.db);
    const retry = await send('PUT', '/MZ-001', admin.token, edit);
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { error: { reason: string } }).error.reason).toBe('stale_version');
    expect(await ledgerHead(server.db)).toBe(head);
    expect((await history('MZ-001', admin.token)).versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('retires an item with a new version that keeps the old ones', async () => {
    const admin = await server.login('admin');
    const v1 = (await history('MZ-001', admin.token)).item;
    const res = await send('PUT', '/MZ-001', admin.token, { ...draftOf(v1), retired: true, baseVersion: 1 });
    expect(((await res.json()) as { item: ServiceItem }).item).toMatchObject({ version: 2, retired: true });
    expect((await history('MZ-001', admin.token)).versions[0]).toEqual(v1);
  });

  it('lets only the admin create or edit; supervisors read, agents do not', async () => {
    const agent = await server.login('dxg-agent');
    const supervisor = await server.login('supervisor');
    const v1 = (await history('MZ-001', supervisor.token)).item;
    const head = await ledgerHead(server.db);
    for (const who of [agent, supervisor]) {
      expect((await send('POST', '', who.token, newItem)).status).toBe(403);
      expect((await send('PUT', '/MZ-001', who.token, { ...draftOf(v1), baseVersion: 1 })).status).toBe(403);
    }
    expect((await server.api('/api/catalog', { token: agent.token })).status).toBe(403);
    expect((await server.api('/api/catalog')).status).toBe(401);
    expect(await ledgerHead(server.db)).toBe(head);
  });

  it('answers bad input with 400 or 404 and writes nothing', async () => {
    const admin = await server.login('admin');
    const v1 = (await history('MZ-001', admin.token)).item;
    const head = await ledgerHead(server.db);
    const rows = await catalogRows();
    const bad: [string, 'POST' | 'PUT', string, unknown, number][] = [
      ['lower-case code', 'POST', '', { ...newItem, code: 'mz-901' }, 400],
      ['no materials', 'POST', '', { ...newItem, materials: [] }, 400],
      ['time limit 0', 'POST', '', { ...newItem, timeLimitDays: 0 }, 400],
      ['unknown department', 'POST', '', { ...newItem, department: 'tax' }, 400],
      [
        'two materials with one key',
        'POST',
        '',
        { ...newItem, materials: [newItem.materials[0], { ...newItem.materials[1], key: 'id_card' }] },
        400,
      ],
      ['no base version', 'PUT', '/MZ-001', draftOf(v1), 400],
      [
        'negative copies',
        'PUT',
        '/MZ-001',
        { ...draftOf(v1), baseVersion: 1, materials: [{ ...v1.materials[0], copies: -1 }] },
        400,
      ],
      ['unknown code', 'PUT', '/MZ-999', { ...draftOf(v1), baseVersion: 1 }, 404],
      ['malformed code', 'PUT', '/nonsense', { ...draftOf(v1), baseVersion: 1 }, 400],
    ];
    for (const [why, method, path, body, status] of bad) {
      expect((await send(method, path, admin.token, body)).status, why).toBe(status);
    }
    const notJson = await server.api('/api/catalog', { method: 'POST', token: admin.token, body: '{"code":' });
    expect(notJson.status).toBe(400);
    expect(await ledgerHead(server.db)).toBe(head);
    expect(await catalogRows()).toBe(rows);
    expect((await server.api('/api/catalog/MZ-999', { token: admin.token })).status).toBe(404);
  });
});

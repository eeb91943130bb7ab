import { randomUUID } from 'node:crypto';
import type { PullResponse, PushResponse, SpotCheck, SpotCheckSummary } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerHead } from '../db/index.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { otherTownshipAccount } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let supervisor: string;
beforeEach(async () => {
  server = await startTestServer({ now: () => new Date('2026-11-30T02:00:00Z') });
  supervisor = (await server.login('supervisor')).token;
});
afterEach(() => server.close());

/** Cases an agent received in the village at the given instants (all submitted to the township). */
async function receivedCases(username: string, receivedAts: string[]): Promise<string[]> {
  const agent = await server.login(username);
  const tablet = new FakeTablet(agent, server.now);
  const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
  const applicant = tablet.applicant();
  const cases = receivedAts.map((_, i) => tablet.openedCase(applicant, item, i + 1));
  const mutations = [
    tablet.mutation('applicant.register', applicant),
    ...cases.flatMap((c, i) => [tablet.mutation('case.open', c), tablet.receive(c.id, new Date(receivedAts[i]!))]),
  ];
  const res = await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
  expect(((await res.json()) as PushResponse).results.every((r) => r.outcome === 'applied')).toBe(true);
  return cases.map((c) => c.id);
}

/** `n` cases received on consecutive hours of Nov 10 (China time). */
const novemberTenth = (n: number) =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse('2026-11-10T01:00:00Z') + i * 3600_000).toISOString());

const draw = (body: Record<string, unknown>, token = supervisor) =>
  server.api('/api/spot-checks', {
    method: 'POST',
    token,
    body: JSON.stringify({
      id: randomUUID(),
      from: '2026-11-01',
      to: '2026-11-30',
      perVillage: 3,
      seed: '2026年11月抽查',
      ...body,
    }),
  });
const drawn = async (body: Record<string, unknown>) => {
  const res = await draw(body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { spotCheck: SpotCheck }).spotCheck;
};
const record = (id: string, caseId: string, body: unknown, token = supervisor) =>
  server.api(`/api/spot-checks/${id}/items/${caseId}`, { method: 'PUT', token, body: JSON.stringify(body) });
const eventsOfType = async (type: string) =>
  (await server.db.all('SELECT entity_id AS "entityId", payload FROM events WHERE type = ? ORDER BY seq', type)) as {
    entityId: string;
    payload: string;
  }[];

describe('spot checks (抽查)', () => {
  it('draws the same cases for the same seed and period, and others for another seed', async () => {
    const dxg = await receivedCases('dxg-agent', novemberTenth(12));
    const dnh = await receivedCases('dnh-agent', novemberTenth(2));
    const first = await drawn({ seed: 'A' });
    const again = await drawn({ seed: 'A' });
    const other = await drawn({ seed: 'B' });
    const ids = (s: SpotCheck) => s.items.map((i) => i.caseId);
    expect(ids(again)).toEqual(ids(first));
    expect(ids(other)).not.toEqual(ids(first));
    // Three of 大西港村's twelve; 东南湖村 has only two, so both, and villages without cases give none.
    expect(
      first.items
        .filter((i) => i.villageId === 'v-dxg')
        .map((i) => i.caseId)
        .every((id) => dxg.includes(id)),
    ).toBe(true);
    expect(first.items.filter((i) => i.villageId === 'v-dxg')).toHaveLength(3);
    expect(new Set(first.items.filter((i) => i.villageId === 'v-dnh').map((i) => i.caseId))).toEqual(new Set(dnh));
    expect(first).toMatchObject({ total: 5, checked: 0, perVillage: 3, seed: 'A' });
    // Least personal data: the ID number masked.
    expect(first.items[0]!.applicantIdMasked).toMatch(/^\d{4}\*+\d{3}[\dX]$/);
    expect(JSON.stringify(first)).not.toContain('13807370001');

    const drawEvents = await eventsOfType('spotCheck.draw');
    expect(drawEvents).toHaveLength(3);
    expect(JSON.parse(drawEvents[0]!.payload)).toMatchObject({ seed: 'A', perVillage: 3, caseIds: ids(first) });
  });

  it('keeps to the period, both ends included, in China dates', async () => {
    const [before, firstDay, lastDay, after] = await receivedCases('dxg-agent', [
      '2026-11-09T15:59:00Z', // Nov 9, 23:59 in China
      '2026-11-09T16:01:00Z', // Nov 10, 00:01 in China
      '2026-11-12T15:59:00Z', // Nov 12, 23:59 in China
      '2026-11-12T16:01:00Z', // Nov 13, 00:01 in China
    ]);
    const s = await drawn({ from: '2026-11-10', to: '2026-11-12', perVillage: 10 });
    expect(new Set(s.items.map((i) => i.caseId))).toEqual(new Set([firstDay, lastDay]));
    expect(s.items.map((i) => i.caseId)).not.toContain(before);
    expect(s.items.map((i) => i.caseId)).not.toContain(after);
  });

  it('records a result and note per case in the ledger; the same result again changes nothing', async () => {
    await receivedCases('dxg-agent', novemberTenth(4));
    const s = await drawn({});
    const caseId = s.items[0]!.caseId;
    const res = await record(s.id, caseId, { result: 'rectify', note: '身份证复印件不清晰' });
    expect(res.status).toBe(200);
    const after = ((await res.json()) as { spotCheck: SpotCheck }).spotCheck;
    expect(after.checked).toBe(1);
    expect(after.items[0]).toMatchObject({ caseId, result: 'rectify', note: '身份证复印件不清晰' });
    const head = await ledgerHead(server.db);
    expect((await record(s.id, caseId, { result: 'rectify', note: '身份证复印件不清晰 ' })).status).toBe(200);
    expect(await ledgerHead(server.db)).toBe(head);
    expect((await record(s.id, caseId, { result: 'pass' })).status).toBe(200);
    expect((await eventsOfType('spotCheck.record')).map((e) => JSON.parse(e.payload))).toEqual([
      { spotCheckId: s.id, caseId, result: 'rectify', note: '身份证复印件不清晰' },
      { spotCheckId: s.id, caseId, result: 'pass', note: '' },
    ]);

    const list = (
      (await (await server.api('/api/spot-checks', { token: supervisor })).json()) as { spotChecks: SpotCheckSummary[] }
    ).spotChecks;
    expect(list).toEqual([expect.objectContaining({ id: s.id, total: 3, checked: 1 })]);
    const one = ((await (await server.api(`/api/spot-checks/${s.id}`, { token: supervisor })).json()) as { spotCheck: SpotCheck })
      .spotCheck;
    expect(one.items.find((i) => i.caseId === caseId)).toMatchObject({ result: 'pass', note: '' });
  });

  it('answers a retried draw with the first one, without drawing twice', async () => {
    await receivedCases('dxg-agent', novemberTenth(4));
    const body = { id: randomUUID(), from: '2026-11-01', to: '2026-11-30', perVillage: 2, seed: 'retry' };
    const first = await draw(body);
    const retry = await draw(body);
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(await first.json());
    expect(await eventsOfType('spotCheck.draw')).toHaveLength(1);
    expect((await draw({ ...body, seed: 'other' })).status).toBe(409);
  });

  it('refuses bad input with a readable message and writes nothing', async () => {
    const [caseId] = await receivedCases('dxg-agent', novemberTenth(2));
    const s = await drawn({});
    const head = await ledgerHead(server.db);
    const count = async () => ((await server.db.get('SELECT COUNT(*) AS n FROM spot_checks')) as { n: number }).n;
    const refused = async (res: Response, message: RegExp) => {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    };
    await refused(await draw({ from: '2026-11-30', to: '2026-11-01' }), /invalid json/);
    await refused(await draw({ perVillage: 0 }), /invalid json/);
    await refused(await draw({ perVillage: 51 }), /invalid json/);
    await refused(await draw({ seed: '  ' }), /invalid json/);
    await refused(await draw({ from: '2026-02-30' }), /invalid json/);
    await refused(await draw({ from: '2026-10-01', to: '2026-10-31' }), /没有村受理的代办件/);
    await refused(await record(s.id, caseId!, { result: 'fail' }), /invalid json/);
    await refused(await record(s.id, caseId!, { result: 'excellent', note: 'x' }), /invalid json/);
    await refused(await record(s.id, 'not-a-case', { result: 'pass' }), /invalid param/);
    expect((await record(s.id, randomUUID(), { result: 'pass' })).status).toBe(404);
    expect((await record(randomUUID(), caseId!, { result: 'pass' })).status).toBe(404);
    expect(await ledgerHead(server.db)).toBe(head);
    expect(await count()).toBe(1);
  });

  it('is for the township supervisor only, and only of their own township', async () => {
    await receivedCases('dxg-agent', novemberTenth(2));
    const s = await drawn({});
    const agent = (await server.login('dxg-agent')).token;
    const admin = (await server.login('admin')).token;
    for (const token of [agent, admin]) {
      expect((await draw({}, token)).status).toBe(403);
      expect((await server.api('/api/spot-checks', { token })).status).toBe(403);
      expect((await record(s.id, s.items[0]!.caseId, { result: 'pass' }, token)).status).toBe(403);
    }
    const stranger = (await otherTownshipAccount(server)).token;
    expect(
      ((await (await server.api('/api/spot-checks', { token: stranger })).json()) as { spotChecks: unknown[] }).spotChecks,
    ).toEqual([]);
    expect((await server.api(`/api/spot-checks/${s.id}`, { token: stranger })).status).toBe(404);
    expect((await record(s.id, s.items[0]!.caseId, { result: 'pass' }, stranger)).status).toBe(404);
    // Another township's draw over the same period finds none of this township's cases.
    expect((await draw({}, stranger)).status).toBe(400);
  });
});

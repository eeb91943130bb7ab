import type { Case, CaseDetail, Mutation, PullResponse, ServiceItem, Session } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ now: () => new Date('2026-11-20T02:00:00Z') });
});
afterEach(() => server.close());

/** A draft case of an item with required and optional materials, opened on a fresh tablet. */
async function draftCase() {
  const agent = await server.login('dxg-agent');
  const tablet = new FakeTablet(agent, server.now);
  const items = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems;
  const item = items.find((i) => i.materials.some((m) => m.required) && i.materials.some((m) => !m.required)) as ServiceItem;
  const applicant = tablet.applicant();
  const opened = tablet.openedCase(applicant, item);
  await push(agent, [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)]);
  const collect = (key: string) =>
    tablet.mutation('case.setMaterial', { caseId: opened.id, key, status: 'collected', attachments: [], base: null });
  return { agent, tablet, item, opened, collect };
}

async function push(agent: Session, mutations: Mutation[]) {
  const res = await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { outcome: string; reason?: string; message?: string }[] }).results;
}

async function detail(caseId: string) {
  const supervisor = await server.login('supervisor');
  const res = await server.api(`/api/cases/${caseId}`, { token: supervisor.token });
  return { supervisor, detail: (await res.json()) as CaseDetail };
}

const decide = (token: string, caseId: string, kind: string, body: unknown) =>
  server.api(`/api/cases/${caseId}/${kind}`, { method: 'POST', token, body: JSON.stringify(body) });

describe('materials rules', () => {
  it('refuses 村受理 with required materials missing unless the agent gives a reason (容缺受理), recorded for the township', async () => {
    const { agent, tablet, item, opened } = await draftCase();
    const receivedAt = server.now().toISOString();
    const [bare] = await push(agent, [tablet.mutation('case.receive', { caseId: opened.id, receivedAt })]);
    expect(bare).toMatchObject({ outcome: 'refused', reason: 'materials_missing' });
    expect(bare!.message).toContain(item.materials.find((m) => m.required)!.name);
    expect((await detail(opened.id)).detail.case.history?.map((e) => e.type)).toEqual(['case.open']);

    const [excused] = await push(agent, [
      tablet.mutation('case.receive', { caseId: opened.id, receivedAt, missingReason: '申请人承诺三日内补交' }),
    ]);
    expect(excused).toMatchObject({ outcome: 'applied' });
    const { detail: after } = await detail(opened.id);
    const required = item.materials.filter((m) => m.required).map((m) => m.key);
    expect(after.case.status).toBe('submitted');
    expect(after.case.exceptions).toEqual([
      { kind: 'received_missing', materialKeys: required, reason: '申请人承诺三日内补交', at: receivedAt },
    ]);
  });

  it('never counts an optional (选填) material as missing', async () => {
    const { agent, tablet, item, opened, collect } = await draftCase();
    const required = item.materials.filter((m) => m.required);
    const results = await push(agent, [...required.map((m) => collect(m.key)), tablet.receive(opened.id)]);
    expect(results.map((r) => r.outcome)).toEqual([...required.map(() => 'applied'), 'applied']);
    // The fixture's reason is not kept: nothing required was missing.
    expect((await detail(opened.id)).detail.case.exceptions).toBeUndefined();
  });

  it('makes the supervisor confirm 受理 of a case with required materials missing', async () => {
    const { agent, tablet, opened } = await draftCase();
    await push(agent, [tablet.receive(opened.id)]);
    const { supervisor } = await detail(opened.id);
    const unconfirmed = await decide(supervisor.token, opened.id, 'accept', {});
    expect(unconfirmed.status).toBe(409);
    expect(((await unconfirmed.json()) as { error: { reason: string } }).error.reason).toBe('materials_missing');
    expect((await detail(opened.id)).detail.case.status).toBe('submitted');
    const confirmed = await decide(supervisor.token, opened.id, 'accept', { missingAcknowledged: true });
    expect(confirmed.status).toBe(200);
    expect(((await confirmed.json()) as { case: Case }).case.status).toBe('accepted');
  });

  it('takes a 补正 back only with the flagged materials corrected since the return, or with a reason', async () => {
    const { agent, tablet, item, opened, collect } = await draftCase();
    const required = item.materials.filter((m) => m.required);
    const first = required[0]!;
    await push(agent, [...required.map((m) => collect(m.key)), tablet.receive(opened.id)]);
    const { supervisor } = await detail(opened.id);
    // The township flags a material the village had already collected (a blurred copy, say).
    const returned = await decide(supervisor.token, opened.id, 'return', { reason: '复印件不清晰', materialKeys: [first.key] });
    expect(returned.status).toBe(200);

    const [unchanged] = await push(agent, [tablet.mutation('case.resubmit', { caseId: opened.id })]);
    expect(unchanged).toMatchObject({ outcome: 'refused', reason: 'materials_missing' });
    expect((await detail(opened.id)).detail.case.status).toBe('returned');

    const [corrected, resubmitted] = await push(agent, [
      tablet.mutation('case.setMaterial', {
        caseId: opened.id,
        key: first.key,
        status: 'collected',
        attachments: [],
        note: '重新复印',
        base: (await detail(opened.id)).detail.case.clocks?.[`materials.${first.key}`] ?? null,
      }),
      tablet.mutation('case.resubmit', { caseId: opened.id }),
    ]);
    expect([corrected?.outcome, resubmitted?.outcome]).toEqual(['applied', 'applied']);
    const { detail: after } = await detail(opened.id);
    expect(after.case.status).toBe('submitted');
    expect(after.case.exceptions).toBeUndefined();
    // The history says which material changed.
    expect(after.case.history?.filter((e) => e.type === 'case.setMaterial').at(-1)).toMatchObject({ materialKey: first.key });
  });

  it('takes an uncorrected 补正 back with the agent’s reason, kept on the case', async () => {
    const { agent, tablet, item, opened } = await draftCase();
    await push(agent, [tablet.receive(opened.id)]);
    const { supervisor } = await detail(opened.id);
    const key = item.materials.find((m) => m.required)!.key;
    await decide(supervisor.token, opened.id, 'return', { reason: '缺材料', materialKeys: [key] });
    const [resubmitted] = await push(agent, [tablet.mutation('case.resubmit', { caseId: opened.id, reason: '原件在镇里核验' })]);
    expect(resubmitted).toMatchObject({ outcome: 'applied' });
    const { detail: after } = await detail(opened.id);
    expect(after.case.exceptions?.at(-1)).toEqual({
      kind: 'resubmitted_uncorrected',
      materialKeys: [key],
      reason: '原件在镇里核验',
      at: server.now().toISOString(),
    });
  });
});

import type { ConfirmHandoverRequest, Handover, HandoverDetail, HandoverSummary, PullResponse } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getHandover, iterateEvents, ledgerHead } from '../db/index.ts';
import { otherTownshipAccount, slipWithTwoCases, submittedCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
const now = new Date('2026-11-23T02:00:00Z');
beforeEach(async () => {
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

/** Every original of the slip ticked as received, except the `missing` ones with their notes. */
function answer(slip: Handover, missing: Record<string, string> = {}): ConfirmHandoverRequest {
  return {
    cases: slip.items.map((i) => ({
      caseId: i.caseId,
      originals: i.originals.map((o) => {
        const note = missing[`${i.caseId}/${o.key}`];
        return note === undefined ? { key: o.key, received: true } : { key: o.key, received: false, note };
      }),
    })),
  };
}

/** The originals with the first one changed by `change` (not received, unless `change` says otherwise). */
const unticked = (originals: ConfirmHandoverRequest['cases'][number]['originals'], change: Record<string, unknown>) => [
  { ...originals[0], received: false, ...change },
  ...originals.slice(1),
];
const confirm = (token: string, id: string, body: unknown) =>
  server.api(`/api/handovers/${id}/confirm`, { method: 'POST', token, body: JSON.stringify(body) });
const list = async (token: string) =>
  ((await (await server.api('/api/handovers', { token })).json()) as { handovers: HandoverSummary[] }).handovers;
const confirmationEvents = async () => {
  const events = [];
  for await (const e of iterateEvents(server.db)) if (e.type === 'handover.confirm') events.push(e);
  return events;
};

describe('township confirmation of handover slips (交接单签收)', () => {
  it('lists slips of the township without personal data, shows one in full, and confirms it as one ledger event', async () => {
    const { slip, cases } = await slipWithTwoCases(server);
    const supervisor = await server.login('supervisor');
    const [summary] = await list(supervisor.token);
    expect(summary).toEqual({
      id: slip.id,
      slipNumber: slip.slipNumber,
      villageId: slip.villageId,
      villageName: '大西港村',
      status: 'in_transit',
      createdAt: slip.createdAt,
      caseCount: 2,
      originalCount: slip.items[0]!.originals.length * 2,
      missingCount: 0,
    });
    expect(JSON.stringify(summary)).not.toContain('李桂英');

    const detail = (await (await server.api(`/api/handovers/${slip.id}`, { token: supervisor.token })).json()) as HandoverDetail;
    expect(detail.cases.map((c) => c.applicantName)).toEqual(['李桂英', '王德顺']);
    expect(detail.handover.items[1]).toMatchObject({ caseNumber: cases[1]!.caseNumber, originals: slip.items[1]!.originals });

    const res = await confirm(supervisor.token, slip.id, answer(slip));
    expect(res.status).toBe(200);
    const { handover } = (await res.json()) as { handover: Handover };
    expect(handover).toMatchObject({
      status: 'received',
      receivedAt: now.toISOString(),
      receivedBy: { id: supervisor.account.id, name: supervisor.account.displayName },
      missing: [],
    });
    expect(await confirmationEvents()).toHaveLength(1);
    expect((await list(supervisor.token))[0]).toMatchObject({
      status: 'received',
      receivedAt: now.toISOString(),
      missingCount: 0,
    });
  });

  it('records an original that did not arrive with the note, and the agent’s tablet learns it on its next pull', async () => {
    const { agent, slip } = await slipWithTwoCases(server);
    const before = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
    const supervisor = await server.login('supervisor');
    const lost = slip.items[1]!.originals[0]!;
    const res = await confirm(
      supervisor.token,
      slip.id,
      answer(slip, { [`${slip.items[1]!.caseId}/${lost.key}`]: '信封内未见，已电话告知村里补送' }),
    );
    expect(res.status).toBe(200);
    expect((await list(supervisor.token))[0]?.missingCount).toBe(1);

    const after = (await (
      await server.api(`/api/sync/pull?cursor=${before.cursor}`, { token: agent.token })
    ).json()) as PullResponse;
    expect(after.handovers).toEqual([
      expect.objectContaining({
        id: slip.id,
        status: 'received',
        receivedAt: now.toISOString(),
        receivedBy: { id: supervisor.account.id, name: supervisor.account.displayName },
        missing: [{ caseId: slip.items[1]!.caseId, key: lost.key, note: '信封内未见，已电话告知村里补送' }],
      }),
    ]);
  });

  it('answers a repeated identical confirmation with the stored slip and no second event; refuses a different one', async () => {
    const { slip } = await slipWithTwoCases(server);
    const supervisor = await server.login('supervisor');
    const body = answer(slip, { [`${slip.items[0]!.caseId}/${slip.items[0]!.originals[1]!.key}`]: '缺原件' });
    const first = (await (await confirm(supervisor.token, slip.id, body)).json()) as { handover: Handover };
    const head = await ledgerHead(server.db);

    const again = await confirm(supervisor.token, slip.id, body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(await ledgerHead(server.db)).toBe(head);

    const different = await confirm(supervisor.token, slip.id, answer(slip));
    expect(different.status).toBe(409);
    expect(((await different.json()) as { error: { reason: string } }).error.reason).toBe('invalid_transition');
    expect(await ledgerHead(server.db)).toBe(head);
    expect(await getHandover(server.db, slip.id)).toEqual(first.handover);

    const pending = (await slipWithTwoCases(server, 'qshs-agent')).slip;
    expect((await list(supervisor.token)).map((h) => [h.slipNumber, h.status])).toEqual([
      [pending.slipNumber, 'in_transit'],
      [slip.slipNumber, 'received'],
    ]);
  });

  it('hides a slip from another township’s supervisor and refuses agents', async () => {
    const { agent, slip } = await slipWithTwoCases(server);
    const stranger = await otherTownshipAccount(server);
    const head = await ledgerHead(server.db);
    expect(await list(stranger.token)).toEqual([]);
    expect((await server.api(`/api/handovers/${slip.id}`, { token: stranger.token })).status).toBe(404);
    expect((await confirm(stranger.token, slip.id, answer(slip))).status).toBe(404);
    expect((await confirm(agent.token, slip.id, answer(slip))).status).toBe(403);
    expect((await server.api('/api/handovers', { token: agent.token })).status).toBe(403);
    expect(await ledgerHead(server.db)).toBe(head);
    expect((await getHandover(server.db, slip.id))?.status).toBe('in_transit');
  });

  it('refuses a confirmation that does not answer each case and original exactly once, writing nothing', async () => {
    const { slip } = await slipWithTwoCases(server);
    const supervisor = await server.login('supervisor');
    const head = await ledgerHead(server.db);
    const good = answer(slip);
    const [one, two] = good.cases as [ConfirmHandoverRequest['cases'][number], ConfirmHandoverRequest['cases'][number]];
    const bad: [string, unknown][] = [
      ['no body fields', {}],
      ['no cases', { cases: [] }],
      ['a case missing', { cases: [one] }],
      ['a case twice', { cases: [one, one] }],
      ['a case not on the slip', { cases: [one, { ...two, caseId: crypto.randomUUID() }] }],
      ['an unknown original', { cases: [one, { ...two, originals: [...two.originals, { key: 'no_such', received: true }] }] }],
      ['an original missing', { cases: [one, { ...two, originals: two.originals.slice(1) }] }],
      ['an original twice', { cases: [one, { ...two, originals: [two.originals[0], ...two.originals] }] }],
      ['a missing original without a note', { cases: [one, { ...two, originals: unticked(two.originals, {}) }] }],
      ['a blank note', { cases: [one, { ...two, originals: unticked(two.originals, { note: '  ' }) }] }],
      ['received not a boolean', { cases: [one, { ...two, originals: unticked(two.originals, { received: 'yes' }) }] }],
    ];
    for (const [what, body] of bad) {
      const res = await confirm(supervisor.token, slip.id, body);
      expect(res.status, what).toBe(400);
      const error = ((await res.json()) as { error: { reason: string; message: string } }).error;
      expect(error.reason, what).toBe('validation_failed');
      expect(error.message, what).toMatch(/\S/);
    }
    expect((await confirm(supervisor.token, crypto.randomUUID(), good)).status).toBe(404);
    expect((await confirm(supervisor.token, 'not-a-uuid', good)).status).toBe(400);
    expect(await ledgerHead(server.db)).toBe(head);
    expect(await getHandover(server.db, slip.id)).toEqual(slip);
  });

  it('keeps the confirmation the township’s own: a tablet’s slip that claims it was received is refused', async () => {
    const { tablet, opened, item, push } = await submittedCase(server);
    const slip = tablet.handover([opened], item);
    const claim = { receivedAt: now.toISOString(), receivedBy: { id: 'x', name: '自己' }, missing: [] };
    const res = await push([{ ...tablet.mutation('handover.create', slip), payload: { ...slip, ...claim } }]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe('validation_failed');
    expect(await getHandover(server.db, slip.id)).toBeUndefined();
  });
});

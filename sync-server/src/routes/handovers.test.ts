import type { PullResponse } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

describe('handover slips (交接单)', () => {
  it('are kept with their cases and originals, and refused when they list a case of another village', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
    const applicant = tablet.applicant();
    const opened = tablet.openedCase(applicant, item);
    const slip = (id: string, caseIds: string[]) => ({
      id,
      slipNumber: `DXG-${agent.device.code}-20261122-J0${id.slice(-1)}`,
      villageId: tablet.villageId,
      caseIds,
      items: caseIds.map((caseId) => ({
        caseId,
        caseNumber: opened.caseNumber,
        originals: [{ key: item.materials[0]!.key, name: item.materials[0]!.name }],
      })),
      status: 'in_transit' as const,
      createdAt: server.now().toISOString(),
    });
    const foreign = crypto.randomUUID();
    const mutations = [
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
      tablet.receive(opened.id),
      tablet.mutation('handover.create', slip('00000000-0000-4000-8000-000000000001', [opened.id])),
      tablet.mutation('handover.create', slip('00000000-0000-4000-8000-000000000002', [foreign])),
    ];
    const res = await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
    const results = ((await res.json()) as { results: { outcome: string; reason?: string }[] }).results;
    expect(results.map((r) => r.reason ?? r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied', 'not_found']);
    const page = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
    expect(page.handovers).toEqual([expect.objectContaining({ caseIds: [opened.id], status: 'in_transit' })]);
  });
});

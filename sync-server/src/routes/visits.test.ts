import type { PullResponse } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const consent = { sha256: 'a'.repeat(64), size: 2048, mime: 'image/png' as const, addedAt: new Date().toISOString() };

describe('home visits (上门代办)', () => {
  it('are planned, recorded once with the consent, and pulled by the village only', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent);
    const applicant = tablet.applicant();
    const now = new Date().toISOString();
    const visit = {
      id: crypto.randomUUID(),
      villageId: tablet.villageId,
      applicantId: applicant.id,
      plannedFor: '2026-11-23',
      address: '大西港村3组12号',
      status: 'planned' as const,
      createdAt: now,
      updatedAt: now,
    };
    const record = () => tablet.mutation('visit.record', { visitId: visit.id, visitedAt: now, present: '本人、女儿', consent });
    const mutations = [
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('visit.plan', visit),
      record(),
      record(),
    ];
    const res = await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
    const results = ((await res.json()) as { results: { outcome: string; reason?: string }[] }).results;
    expect(results.map((r) => r.reason ?? r.outcome)).toEqual(['applied', 'applied', 'applied', 'invalid_transition']);

    const page = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
    expect(page.visits).toEqual([expect.objectContaining({ id: visit.id, status: 'done', present: '本人、女儿', consent })]);
    const neighbour = await server.login('dnh-agent');
    expect(((await (await server.api('/api/sync/pull', { token: neighbour.token })).json()) as PullResponse).visits).toEqual([]);
  });
});

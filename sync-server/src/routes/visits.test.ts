import { createHash } from 'node:crypto';
import type { PullResponse } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

/** The consent signature as an attachment, stamped by the test's clock. */
const consent = () => ({ sha256: 'a'.repeat(64), size: 2048, mime: 'image/png' as const, addedAt: server.now().toISOString() });

/** A home visit planned for a villager of the tablet's village. */
function plannedVisit(tablet: FakeTablet, applicantId: string) {
  const now = server.now().toISOString();
  return {
    id: crypto.randomUUID(),
    villageId: tablet.villageId,
    applicantId,
    plannedFor: '2026-11-23',
    address: '大西港村3组12号',
    status: 'planned' as const,
    createdAt: now,
    updatedAt: now,
  };
}

describe('home visits (上门代办)', () => {
  it('are planned, recorded once with the consent, and pulled by the village only', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    const applicant = tablet.applicant();
    const now = server.now().toISOString();
    const visit = plannedVisit(tablet, applicant.id);
    const signed = consent();
    const record = () =>
      tablet.mutation('visit.record', { visitId: visit.id, visitedAt: now, present: '本人、女儿', consent: signed });
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
    expect(page.visits).toEqual([
      expect.objectContaining({ id: visit.id, status: 'done', present: '本人、女儿', consent: signed }),
    ]);
    const neighbour = await server.login('dnh-agent');
    expect(((await (await server.api('/api/sync/pull', { token: neighbour.token })).json()) as PullResponse).visits).toEqual([]);
  });

  it('let the village’s tablets and the township read the consent signature back, and nobody else', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    const signature = Buffer.from(new Uint8Array(3000).map((_, i) => (i * 7) % 251));
    const signed = { ...consent(), sha256: createHash('sha256').update(signature).digest('hex'), size: signature.length };
    const upload = await server.api(`/api/blobs/${signed.sha256}/chunks?offset=0&total=${signature.length}`, {
      method: 'PUT',
      token: agent.token,
      body: signature,
      headers: { 'content-type': 'image/png' },
    });
    expect(upload.status).toBe(200);
    const applicant = tablet.applicant();
    const now = server.now().toISOString();
    const visit = plannedVisit(tablet, applicant.id);
    const mutations = [
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('visit.plan', visit),
      tablet.mutation('visit.record', { visitId: visit.id, visitedAt: now, present: '本人', consent: signed }),
    ];
    await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });

    const read = async (token: string) => server.api(`/api/blobs/${signed.sha256}`, { token });
    const otherTablet = await server.login('dxg-agent-b');
    expect(Buffer.from(await (await read(otherTablet.token)).arrayBuffer()).equals(signature)).toBe(true);
    expect((await read((await server.login('supervisor')).token)).status).toBe(200);
    expect((await read((await server.login('dnh-agent')).token)).status).toBe(404);
  });
});

import { createHash } from 'node:crypto';
import type { CaseDetail, PullResponse } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ now: () => new Date('2026-11-23T03:17:55Z') });
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
      await record(),
      await record(),
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

describe('a case opened on a home visit', () => {
  it('is linked to the visit: the case’s history and the township’s review show the visit, consent and all', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
    const applicant = tablet.applicant();
    const visit = plannedVisit(tablet, applicant.id);
    const opened = { ...tablet.openedCase(applicant, item), channel: 'home_visit' as const, visitId: visit.id };
    const signed = consent();
    const visitedAt = new Date(server.now().getTime() - 5 * 60_000);
    const push = async (token: string, mutations: unknown[]) =>
      (
        (await (await server.api('/api/sync/push', { method: 'POST', token, body: JSON.stringify({ mutations }) })).json()) as {
          results: { outcome: string; reason?: string }[];
        }
      ).results.map((r) => r.reason ?? r.outcome);
    const recorded = {
      visitId: visit.id,
      visitedAt: visitedAt.toISOString(),
      present: '本人、女儿',
      consent: signed,
      caseId: opened.id,
    };
    expect(
      await push(agent.token, [
        tablet.mutation('applicant.register', applicant),
        tablet.mutation('visit.plan', visit),
        tablet.mutation('case.open', opened),
        tablet.mutation('visit.record', recorded, visitedAt.getTime()),
      ]),
    ).toEqual(['applied', 'applied', 'applied', 'applied']);

    const supervisor = await server.login('supervisor');
    const detail = (await (await server.api(`/api/cases/${opened.id}`, { token: supervisor.token })).json()) as CaseDetail;
    expect(detail.case.visitId).toBe(visit.id);
    expect(detail.case.history?.map((e) => e.type)).toEqual(['case.open', 'visit.record']);
    expect(detail.case.history?.at(-1)).toMatchObject({ at: visitedAt.toISOString(), by: agent.account.id });
    expect(detail.visits).toEqual([
      expect.objectContaining({ id: visit.id, status: 'done', present: '本人、女儿', consent: signed, caseId: opened.id }),
    ]);
    const page = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
    expect(page.cases.find((c) => c.id === opened.id)?.history).toEqual(detail.case.history);
  });

  it('refuses a case or a visit of another village, and a case of another villager', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    const neighbour = new FakeTablet(await server.login('dnh-agent'), server.now);
    const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
    const push = async (token: string, mutations: unknown[]) =>
      (
        (await (await server.api('/api/sync/push', { method: 'POST', token, body: JSON.stringify({ mutations }) })).json()) as {
          results: { outcome: string; reason?: string }[];
        }
      ).results.map((r) => r.reason ?? r.outcome);
    const theirs = neighbour.applicant();
    const theirVisit = plannedVisit(neighbour, theirs.id);
    const theirCase = neighbour.openedCase(theirs, item);
    expect(
      await push(neighbour.session.token, [
        neighbour.mutation('applicant.register', theirs),
        neighbour.mutation('visit.plan', theirVisit),
        neighbour.mutation('case.open', theirCase),
      ]),
    ).toEqual(['applied', 'applied', 'applied']);

    const applicant = tablet.applicant();
    const other = tablet.applicant({ name: '王德顺' });
    const visit = plannedVisit(tablet, applicant.id);
    const othersCase = tablet.openedCase(other, item);
    const record = (caseId: string) =>
      tablet.mutation('visit.record', {
        visitId: visit.id,
        visitedAt: server.now().toISOString(),
        present: '本人',
        consent: consent(),
        caseId,
      });
    expect(
      await push(agent.token, [
        tablet.mutation('applicant.register', applicant),
        tablet.mutation('applicant.register', other),
        tablet.mutation('visit.plan', visit),
        tablet.mutation('case.open', othersCase),
        tablet.mutation('case.open', { ...tablet.openedCase(applicant, item), visitId: theirVisit.id }),
        tablet.mutation('case.open', { ...tablet.openedCase(other, item), visitId: visit.id }),
        await record(theirCase.id),
        await record(othersCase.id),
      ]),
    ).toEqual(['applied', 'applied', 'applied', 'applied', 'not_found', 'validation_failed', 'not_found', 'validation_failed']);
  });
});

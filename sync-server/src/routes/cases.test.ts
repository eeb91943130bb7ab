import { createHash } from 'node:crypto';
import type { Case, CaseDetail, CaseSummary, PullResponse } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { submittedCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ now: () => new Date('2026-11-20T02:00:00Z') });
});
afterEach(() => server.close());

describe('township review', () => {
  it('lists submitted cases with masked ID numbers only', async () => {
    const { caseId, applicant } = await submittedCase(server);
    const supervisor = await server.login('supervisor');
    const res = await server.api('/api/cases?status=submitted', { token: supervisor.token });
    const { cases } = (await res.json()) as { cases: CaseSummary[] };
    expect(cases.map((c) => c.id)).toEqual([caseId]);
    expect(cases[0]!.applicantIdMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(JSON.stringify(cases)).not.toContain(applicant.idNumber);
  });

  it('accepts a case: the deadline counts working days, and the tablet pulls the decision', async () => {
    const { caseId, agent, item } = await submittedCase(server);
    const supervisor = await server.login('supervisor');
    const res = await server.api(`/api/cases/${caseId}/accept`, {
      method: 'POST',
      token: supervisor.token,
      body: '{"missingAcknowledged":true}',
    });
    expect(res.status).toBe(200);
    const accepted = ((await res.json()) as { case: Case }).case;
    expect(accepted.status).toBe('accepted');
    // Friday 2026-11-20 plus N working days never lands on a weekend.
    expect([0, 6]).not.toContain(new Date(`${accepted.dueDate}T00:00:00Z`).getUTCDay());
    expect(item.timeLimitDays).toBeGreaterThan(0);

    const page = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
    expect(page.cases.find((c) => c.id === caseId)?.status).toBe('accepted');

    const detail = (await (await server.api(`/api/cases/${caseId}`, { token: supervisor.token })).json()) as CaseDetail;
    expect(detail.case.history?.map((e) => e.type)).toEqual(['case.open', 'case.receive', 'case.accept']);
  });

  it('refuses to accept twice, and refuses agents taking township decisions', async () => {
    const { caseId, agent } = await submittedCase(server);
    const supervisor = await server.login('supervisor');
    await server.api(`/api/cases/${caseId}/accept`, {
      method: 'POST',
      token: supervisor.token,
      body: '{"missingAcknowledged":true}',
    });
    const again = await server.api(`/api/cases/${caseId}/accept`, {
      method: 'POST',
      token: supervisor.token,
      body: '{"missingAcknowledged":true}',
    });
    expect(again.status).toBe(409);
    const byAgent = await server.api(`/api/cases/${caseId}/accept`, {
      method: 'POST',
      token: agent.token,
      body: '{"missingAcknowledged":true}',
    });
    expect(byAgent.status).toBe(403);
  });

  it('answers an unknown case with 404 and a malformed id with 400', async () => {
    const supervisor = await server.login('supervisor');
    const unknown = await server.api(`/api/cases/${crypto.randomUUID()}/accept`, {
      method: 'POST',
      token: supervisor.token,
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    const malformed = await server.api('/api/cases/123/accept', { method: 'POST', token: supervisor.token, body: '{}' });
    expect(malformed.status).toBe(400);
  });

  it('returns a case for correction with the reason and materials, and takes the resubmission', async () => {
    const { caseId, agent, item } = await submittedCase(server);
    const supervisor = await server.login('supervisor');
    const key = item.materials[0]!.key;
    const noReason = await server.api(`/api/cases/${caseId}/return`, {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify({ reason: '', materialKeys: [key] }),
    });
    expect(noReason.status).toBe(400);
    const res = await server.api(`/api/cases/${caseId}/return`, {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify({ reason: '身份证复印件不清晰', materialKeys: [key] }),
    });
    expect(res.status).toBe(200);
    const pulled = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
    expect(pulled.cases.find((c) => c.id === caseId)).toMatchObject({
      status: 'returned',
      returnRequest: { reason: '身份证复印件不清晰', materialKeys: [key] },
    });

    const tablet = new FakeTablet(agent, server.now, 3); // after the three mutations submittedCase pushed
    const resubmit = tablet.mutation('case.resubmit', { caseId, reason: '原件已当面核验' });
    const again = tablet.mutation('case.resubmit', { caseId, reason: '原件已当面核验' });
    const push = await server.api('/api/sync/push', {
      method: 'POST',
      token: agent.token,
      body: JSON.stringify({ mutations: [resubmit, again] }),
    });
    expect(((await push.json()) as { results: { outcome: string }[] }).results.map((r) => r.outcome)).toEqual([
      'applied',
      'refused',
    ]);
    const after = (await (await server.api(`/api/cases/${caseId}`, { token: supervisor.token })).json()) as CaseDetail;
    expect(after.case.status).toBe('submitted');
    expect(after.case.returnRequest).toBeUndefined();
  });

  it('completes an accepted case with its result; the village hands it back and records the rating', async () => {
    const { caseId, agent } = await submittedCase(server);
    const supervisor = await server.login('supervisor');
    const early = await server.api(`/api/cases/${caseId}/complete`, {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify({ result: '已发证' }),
    });
    expect(early.status).toBe(409);
    await server.api(`/api/cases/${caseId}/accept`, {
      method: 'POST',
      token: supervisor.token,
      body: '{"missingAcknowledged":true}',
    });
    const blank = await server.api(`/api/cases/${caseId}/complete`, {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify({ result: ' ' }),
    });
    expect(blank.status).toBe(400);
    const done = await server.api(`/api/cases/${caseId}/complete`, {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify({ result: '残疾人证已制发，请到村里领取' }),
    });
    expect(((await done.json()) as { case: Case }).case).toMatchObject({
      status: 'completed',
      result: '残疾人证已制发，请到村里领取',
    });

    const tablet = new FakeTablet(agent, server.now, 3);
    const at = server.now().toISOString();
    const mutations = [
      tablet.mutation('case.rate', { caseId, level: 5, ratedAt: at }),
      tablet.mutation('case.deliver', { caseId, deliveredAt: at, receivedBy: '本人' }),
      tablet.mutation('case.rate', { caseId, level: 2, comment: '等待时间长', ratedAt: at }),
    ];
    const res = await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
    const results = ((await res.json()) as { results: { outcome: string; reason?: string }[] }).results;
    expect(results.map((r) => r.reason ?? r.outcome)).toEqual(['invalid_transition', 'applied', 'applied']);
    const detail = (await (await server.api(`/api/cases/${caseId}`, { token: supervisor.token })).json()) as CaseDetail;
    expect(detail.case).toMatchObject({
      status: 'rated',
      delivery: { receivedBy: '本人' },
      rating: { level: 2, comment: '等待时间长' },
    });
  });

  it('rejects a case with a required reason (不予受理 / 不予办理); the tablet pulls it, and nothing moves it afterwards', async () => {
    const { caseId, agent } = await submittedCase(server);
    const supervisor = await server.login('supervisor');
    const post = (path: string, token: string, body: unknown) =>
      server.api(`/api/cases/${caseId}/${path}`, { method: 'POST', token, body: JSON.stringify(body) });
    const eventsBefore = (await server.db.get('SELECT count(*) AS n FROM events')) as { n: number };
    expect((await post('reject', supervisor.token, { reason: '  ' })).status).toBe(400);
    expect((await post('reject', supervisor.token, {})).status).toBe(400);
    expect((await post('reject', agent.token, { reason: '不符合条件' })).status).toBe(403);
    expect(await server.db.get('SELECT count(*) AS n FROM events')).toEqual(eventsBefore);

    await post('accept', supervisor.token, { missingAcknowledged: true });
    const res = await post('reject', supervisor.token, { reason: '家庭人均收入高于当地低保标准' });
    expect(res.status).toBe(200);
    const rejected = ((await res.json()) as { case: Case }).case;
    expect(rejected).toMatchObject({ status: 'rejected', rejection: { reason: '家庭人均收入高于当地低保标准' } });
    expect((await post('complete', supervisor.token, { result: '已办' })).status).toBe(409);
    expect((await post('reject', supervisor.token, { reason: '再次' })).status).toBe(409);

    const page = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
    expect(page.cases.find((c) => c.id === caseId)).toMatchObject({ status: 'rejected', rejection: rejected.rejection });
    const detail = (await (await server.api(`/api/cases/${caseId}`, { token: supervisor.token })).json()) as CaseDetail;
    expect(detail.case.history?.map((e) => e.type)).toEqual(['case.open', 'case.receive', 'case.accept', 'case.reject']);
  });
});

describe('documents attached to 办结', () => {
  it('are uploaded by the township, named in the decision, and readable by the case’s village only', async () => {
    const { caseId, agent } = await submittedCase(server);
    const supervisor = await server.login('supervisor');
    await server.api(`/api/cases/${caseId}/accept`, {
      method: 'POST',
      token: supervisor.token,
      body: '{"missingAcknowledged":true}',
    });
    const letter = Buffer.from(`%PDF-1.4 决定书 ${caseId}`);
    const attachment = {
      sha256: createHash('sha256').update(letter).digest('hex'),
      size: letter.length,
      mime: 'application/pdf' as const,
      addedAt: server.now().toISOString(),
    };
    const complete = (body: unknown) =>
      server.api(`/api/cases/${caseId}/complete`, { method: 'POST', token: supervisor.token, body: JSON.stringify(body) });

    // Named before it was uploaded: refused, nothing written.
    const events = async () => ((await server.db.get('SELECT count(*) AS n FROM events')) as { n: number }).n;
    const before = await events();
    const early = await complete({ result: '已办结', attachments: [attachment] });
    expect(early.status).toBe(400);
    expect(((await early.json()) as { error: { message: string } }).error.message).toMatch(/尚未上传/);
    expect(await events()).toBe(before);

    const upload = await server.api(`/api/blobs/${attachment.sha256}/chunks?offset=0&total=${letter.length}`, {
      method: 'PUT',
      token: supervisor.token,
      body: letter,
      headers: { 'content-type': 'application/pdf' },
    });
    expect(upload.status).toBe(200);
    const done = await complete({ result: '已办结，决定书见附件', attachments: [attachment] });
    expect(((await done.json()) as { case: Case }).case.resultAttachments).toEqual([attachment]);

    const page = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
    expect(page.cases.find((c) => c.id === caseId)?.resultAttachments).toEqual([attachment]);
    const read = async (token: string) => server.api(`/api/blobs/${attachment.sha256}`, { token });
    expect(Buffer.from(await (await read(agent.token)).arrayBuffer()).equals(letter)).toBe(true);
    expect((await read((await server.login('dnh-agent')).token)).status).toBe(404);
  });
});

describe('A/B posts (AB岗)', () => {
  it('let the B agent take over an absent A agent’s open cases, and nobody else', async () => {
    const { caseId, agent } = await submittedCase(server);
    const backup = await server.login('dxg-agent-b');
    const outsider = await server.login('dnh-agent');
    const page = (await (await server.api('/api/sync/pull?limit=1000', { token: backup.token })).json()) as PullResponse;
    expect(page.agents.map((a) => a.post).sort()).toEqual(['A', 'B']);
    expect(page.duty.length).toBeGreaterThan(10);
    expect(page.duty.every((d) => d.villageId === 'v-dxg')).toBe(true);

    const take = (session: typeof backup, seq: number) =>
      new FakeTablet(session, server.now, seq).mutation('case.takeOver', {
        caseId,
        fromAgentId: agent.account.id,
        toAgentId: session.account.id,
        reason: '周丽华请假',
      });
    const push = async (session: typeof backup, m: unknown) =>
      (
        (await (
          await server.api('/api/sync/push', { method: 'POST', token: session.token, body: JSON.stringify({ mutations: [m] }) })
        ).json()) as {
          results: { outcome: string; reason?: string }[];
        }
      ).results[0];
    expect(await push(outsider, take(outsider, 0))).toMatchObject({ outcome: 'refused', reason: 'not_found' });
    expect(await push(backup, take(backup, 0))).toMatchObject({ outcome: 'applied' });
    expect(await push(backup, take(backup, 1))).toMatchObject({ outcome: 'refused', reason: 'invalid_transition' });
    const detail = (await (
      await server.api(`/api/cases/${caseId}`, { token: (await server.login('supervisor')).token })
    ).json()) as CaseDetail;
    expect(detail.case).toMatchObject({ agentId: agent.account.id, handlerId: backup.account.id });
    expect(detail.case.history?.at(-1)?.type).toBe('case.takeOver');
  });
});

describe('the review queue', () => {
  it('lists cases in the order they reached the township, whatever changed on them since', async () => {
    let clock = new Date('2026-11-20T02:00:00Z');
    const timed = await startTestServer({ now: () => clock });
    try {
      const first = await submittedCase(timed);
      clock = new Date(clock.getTime() + 3600_000);
      const second = await submittedCase(timed, 'dnh-agent');
      clock = new Date(clock.getTime() + 3600_000);
      // A late photo on the first case: its last change is now the newest.
      const key = first.opened.materials[0]!.key;
      await first.push([
        first.tablet.mutation('case.setMaterial', {
          caseId: first.caseId,
          key,
          status: 'waived',
          attachments: [],
          note: '原件已核',
          base: null,
        }),
      ]);
      const supervisor = await timed.login('supervisor');
      const res = await timed.api('/api/cases?status=submitted', { token: supervisor.token });
      const { cases } = (await res.json()) as { cases: CaseSummary[] };
      expect(cases.map((c) => c.id)).toEqual([first.caseId, second.caseId]);
      expect(cases.map((c) => c.submittedAt)).toEqual(['2026-11-20T02:00:00.000Z', '2026-11-20T03:00:00.000Z']);
    } finally {
      await timed.close();
    }
  });
});

describe('case history', () => {
  it('keeps when each change happened on the tablet and when the ledger recorded it', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
    const applicant = tablet.applicant();
    const opened = tablet.openedCase(applicant, item);
    const synced = server.now().getTime();
    const minutes = (n: number) => new Date(synced + n * 60_000);
    // Recorded offline 8 and 7 minutes before the sync.
    const mutations = [
      tablet.mutation('applicant.register', applicant, minutes(-8).getTime()),
      tablet.mutation('case.open', opened, minutes(-8).getTime()),
      tablet.mutation(
        'case.receive',
        { caseId: opened.id, receivedAt: minutes(-7).toISOString(), missingReason: '材料后补' },
        minutes(-7).getTime(),
      ),
    ];
    await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
    const supervisor = await server.login('supervisor');
    await server.api(`/api/cases/${opened.id}/accept`, {
      method: 'POST',
      token: supervisor.token,
      body: '{"missingAcknowledged":true}',
    });

    const detail = (await (await server.api(`/api/cases/${opened.id}`, { token: supervisor.token })).json()) as CaseDetail;
    const recordedAt = minutes(0).toISOString();
    expect(detail.case.history?.map(({ type, at, recordedAt }) => ({ type, at, recordedAt }))).toEqual([
      { type: 'case.open', at: minutes(-8).toISOString(), recordedAt },
      { type: 'case.receive', at: minutes(-7).toISOString(), recordedAt },
      // The township's own decisions happen when they are recorded.
      { type: 'case.accept', at: recordedAt, recordedAt },
    ]);
    const page = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
    expect(page.cases.find((c) => c.id === opened.id)?.history).toEqual(detail.case.history);

    // A tablet clock an hour ahead cannot put a change after the ledger recorded it.
    const early = tablet.openedCase(applicant, item);
    const ahead = tablet.mutation('case.open', early, minutes(60).getTime());
    await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations: [ahead] }) });
    const aheadDetail = (await (await server.api(`/api/cases/${early.id}`, { token: supervisor.token })).json()) as CaseDetail;
    expect(aheadDetail.case.history).toEqual([expect.objectContaining({ type: 'case.open', at: recordedAt, recordedAt })]);
  });
});

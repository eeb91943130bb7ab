import type { Followup } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submittedCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let now = new Date('2026-11-20T02:00:00Z');
beforeEach(async () => {
  now = new Date('2026-11-20T02:00:00Z');
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

/** A case carried through to delivery, then rated `level`. */
async function ratedCase(level: 1 | 2 | 3 | 4 | 5) {
  const { agent, opened, tablet, push } = await submittedCase(server, 'dxg-agent', now);
  const supervisor = await server.login('supervisor');
  await server.api(`/api/cases/${opened.id}/accept`, {
    method: 'POST',
    token: supervisor.token,
    body: '{"missingAcknowledged":true}',
  });
  await server.api(`/api/cases/${opened.id}/complete`, {
    method: 'POST',
    token: supervisor.token,
    body: JSON.stringify({ result: '已办结' }),
  });
  const at = now.toISOString();
  await push([
    tablet.mutation('case.deliver', { caseId: opened.id, deliveredAt: at, receivedBy: '本人' }),
    tablet.mutation('case.rate', { caseId: opened.id, level, comment: '跑了两趟', ratedAt: at }),
  ]);
  return { supervisor, agent, caseNumber: opened.caseNumber };
}

const list = async (token: string) =>
  ((await (await server.api('/api/followups', { token })).json()) as { followups: Followup[] }).followups;

describe('follow-ups of bad ratings (回访)', () => {
  it('opens one for 不满意, due in 15 working days, flagged when overdue, closed with what was fixed', async () => {
    const { caseNumber, supervisor: before } = await ratedCase(2);
    const [followup] = await list(before.token);
    expect(followup).toMatchObject({ caseNumber, level: 2, comment: '跑了两趟', dueDate: '2026-12-11', overdue: false });
    now = new Date('2026-12-14T02:00:00Z');
    const supervisor = await server.login('supervisor');
    expect((await list(supervisor.token))[0]?.overdue).toBe(true);

    const close = (resolution: string) =>
      server.api(`/api/followups/${followup!.id}/close`, {
        method: 'POST',
        token: supervisor.token,
        body: JSON.stringify({ resolution }),
      });
    expect((await close(' ')).status).toBe(400);
    expect((await close('已电话回访，申请人表示理解；已调整上门时间安排')).status).toBe(200);
    expect((await list(supervisor.token))[0]).toMatchObject({ overdue: false, resolution: expect.stringContaining('电话回访') });
    expect((await close('again')).status).toBe(409);
  });

  it('opens none for a good rating, and is kept from agents', async () => {
    const { supervisor, agent } = await ratedCase(4);
    expect(await list(supervisor.token)).toEqual([]);
    expect((await server.api('/api/followups', { token: agent.token })).status).toBe(403);
  });
});

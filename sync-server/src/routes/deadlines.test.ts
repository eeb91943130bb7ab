import { addWorkingDays, type Case, type PullResponse } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submittedCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let now = new Date('2026-11-20T02:00:00Z'); // Friday, 10:00 in China
beforeEach(async () => {
  now = new Date('2026-11-20T02:00:00Z');
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

describe('the statutory deadline', () => {
  it('counts working days from acceptance and stands still while the case is back in the village (补正)', async () => {
    const { agent, item, opened, tablet, push } = await submittedCase(server, 'dxg-agent', now);
    let supervisor = await server.login('supervisor');
    const decide = async (action: string, body: unknown) =>
      (
        (await (
          await server.api(`/api/cases/${opened.id}/${action}`, {
            method: 'POST',
            token: supervisor.token,
            body: JSON.stringify(body),
          })
        ).json()) as { case: Case }
      ).case;

    const accepted = await decide('accept', { missingAcknowledged: true });
    expect(accepted.dueDate).toBe(addWorkingDays('2026-11-20', item.timeLimitDays));
    now = new Date('2026-11-23T02:00:00Z'); // Monday: returned for correction
    supervisor = await server.login('supervisor'); // a new working day, a new sign-in
    expect((await decide('return', { reason: '缺户口簿', materialKeys: [] })).returnRequest?.returnedOn).toBe('2026-11-23');
    now = new Date('2026-11-26T02:00:00Z'); // Thursday: resubmitted, three working days later
    await push([tablet.mutation('case.resubmit', { caseId: opened.id })]);
    const page = (await (await server.api('/api/sync/pull?limit=1000', { token: agent.token })).json()) as PullResponse;
    const extended = addWorkingDays(accepted.dueDate!, 3);
    expect(page.cases.find((c) => c.id === opened.id)?.dueDate).toBe(extended);

    // Accepted again the next day: the clock resumes where it stood, it does not start afresh.
    now = new Date('2026-11-27T02:00:00Z');
    supervisor = await server.login('supervisor');
    const again = await decide('accept', { missingAcknowledged: true });
    expect(again).toMatchObject({ status: 'accepted', dueDate: extended, acceptedAt: accepted.acceptedAt });
  });
});

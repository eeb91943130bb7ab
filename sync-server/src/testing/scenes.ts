import type { PullResponse } from '@daiban/schemas';
import { FakeTablet } from './fixtures.ts';
import type { TestServer } from './test-server.ts';

/**
 * A case an agent opened and received in the village, so submitted to the township: the
 * starting point of most township tests. Also returns the agent's tablet and a push helper.
 */
export async function submittedCase(server: TestServer, username = 'dxg-agent', receivedAt = new Date()) {
  const agent = await server.login(username);
  const tablet = new FakeTablet(agent);
  const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
  const applicant = tablet.applicant();
  const opened = tablet.openedCase(applicant, item);
  const push = (mutations: unknown[]) =>
    server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
  await push([
    tablet.mutation('applicant.register', applicant),
    tablet.mutation('case.open', opened),
    tablet.mutation('case.receive', { caseId: opened.id, receivedAt: receivedAt.toISOString() }),
  ]);
  return { agent, tablet, item, applicant, opened, caseId: opened.id, push };
}

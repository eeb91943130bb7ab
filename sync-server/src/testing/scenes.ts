import { randomUUID } from 'node:crypto';
import type { Account, PullResponse } from '@daiban/schemas';
import { hashPassword } from '../auth/passwords.ts';
import { insertAccount, insertTownship } from '../db/index.ts';
import { FakeTablet } from './fixtures.ts';
import { DEMO_PASSWORDS, type TestServer } from './test-server.ts';

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

/** A supervisor of a second township (洞庭湖镇, no villages), to check that one township never sees another's data. */
export async function otherTownshipSupervisor(server: TestServer) {
  const townshipId = 't-dth';
  insertTownship(server.db, { id: townshipId, code: 'DTH', name: '洞庭湖镇', phone: '0737-5550200', address: '洞庭湖镇' });
  const account: Account = {
    id: randomUUID(),
    username: 'dth-supervisor',
    displayName: '何晓东',
    role: 'supervisor',
    phone: '13800000999',
    townshipId,
    villageId: null,
    post: null,
  };
  insertAccount(server.db, account, await hashPassword(DEMO_PASSWORDS.supervisor), new Date().toISOString(), 0);
  return server.login(account.username);
}

import { randomUUID } from 'node:crypto';
import type { Case, PullResponse, PushResponse, Role, ServiceItem, Session } from '@daiban/schemas';
import { hashPassword } from '../auth/passwords.ts';
import { hashToken } from '../auth/tokens.ts';
import {
  appendSystemEvent,
  getTownship,
  insertAccount,
  insertCounty,
  insertTownship,
  insertVillage,
  type Principal,
  townshipPrincipalByTokenHash,
} from '../db/index.ts';
import { FakeTablet } from './fixtures.ts';
import { DEMO_PASSWORDS, type TestServer } from './test-server.ts';

/**
 * A case an agent opened and received in the village, so submitted to the township: the
 * starting point of most township tests. Also returns the agent's tablet and a push helper.
 */
export async function submittedCase(server: TestServer, username = 'dxg-agent', receivedAt = server.now()) {
  const agent = await server.login(username);
  const tablet = new FakeTablet(agent, server.now);
  const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
  const applicant = tablet.applicant();
  const opened = tablet.openedCase(applicant, item);
  const push = (mutations: unknown[]) =>
    server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
  await push([
    tablet.mutation('applicant.register', applicant),
    tablet.mutation('case.open', opened),
    tablet.receive(opened.id, receivedAt),
  ]);
  return { agent, tablet, item, applicant, opened, caseId: opened.id, push };
}

/**
 * Two tablets of one village on one case (the scene of concurrent edits): tablet A opened the case
 * and pushed it, tablet B is a second sign-in of the same village that pulls it. `edit` sets the
 * case's first material as a tablet would, its HLC wall time `wallMs` and made on the field clock
 * `base` (null: made without having seen one); `clockOf` reads that field's clock as a tablet pulls it.
 */
export async function twoTabletsOnOneCase(server: TestServer, username = 'dxg-agent') {
  const a = new FakeTablet(await server.login(username), server.now);
  const b = new FakeTablet(await server.login(username), server.now);
  const item = ((await (await server.api('/api/sync/pull', { token: a.session.token })).json()) as PullResponse).serviceItems[0]!;
  /** Pushes as `tablet`; anything but 200 throws. */
  const push = async (tablet: FakeTablet, mutations: unknown[]): Promise<PushResponse['results']> => {
    const res = await server.api('/api/sync/push', {
      method: 'POST',
      token: tablet.session.token,
      body: JSON.stringify({ mutations }),
    });
    if (res.status !== 200) throw new Error(`push answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as PushResponse).results;
  };
  const applicant = a.applicant();
  const opened = a.openedCase(applicant, item);
  await push(a, [a.mutation('applicant.register', applicant), a.mutation('case.open', opened)]);
  const caseId = opened.id;
  const key = item.materials[0]!.key;
  const pulledCase = async (tablet: FakeTablet): Promise<Case> => {
    const page = (await (await server.api('/api/sync/pull?limit=1000', { token: tablet.session.token })).json()) as PullResponse;
    return page.cases.find((c) => c.id === caseId)!;
  };
  const clockOf = async (tablet = a) => (await pulledCase(tablet)).clocks?.[`materials.${key}`];
  const edit = (tablet: FakeTablet, note: string, base: string | null, wallMs: number) =>
    tablet.mutation('case.setMaterial', { caseId, key, status: 'waived', attachments: [], note, base }, wallMs);
  return { a, b, caseId, key, push, pulledCase, clockOf, edit };
}

/** Service items whose checklist asks for at least `n` paper originals. */
export const withOriginals = (n: number) => (item: ServiceItem) => item.materials.filter((m) => m.form !== 'copy').length >= n;

/**
 * Two cases received in the village, their originals sent to the township on one handover
 * slip; the slip's service item asks for at least two originals.
 */
export async function slipWithTwoCases(server: TestServer, username = 'dxg-agent') {
  const agent = await server.login(username);
  const tablet = new FakeTablet(agent, server.now);
  const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems.find(
    withOriginals(2),
  )!;
  const push = (mutations: unknown[]) =>
    server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
  const mutations = [];
  const cases = [];
  // One after the other: a FakeTablet derives ID and case numbers from its device sequence.
  for (const [i, name] of ['李桂英', '王德顺'].entries()) {
    const applicant = tablet.applicant({ name });
    mutations.push(tablet.mutation('applicant.register', applicant));
    const opened = tablet.openedCase(applicant, item, i + 1);
    cases.push(opened);
    mutations.push(tablet.mutation('case.open', opened), tablet.receive(opened.id));
  }
  const slip = tablet.handover(cases, item);
  const res = await push([...mutations, tablet.mutation('handover.create', slip)]);
  const outcomes = ((await res.json()) as { results: { outcome: string }[] }).results.map((r) => r.outcome);
  if (!outcomes.every((o) => o === 'applied')) throw new Error(`slip scene not applied: ${outcomes.join(', ')}`);
  return { agent, tablet, item, cases, slip, push };
}

/**
 * An account of another county's township (别的县, 别的镇, one village 别的村) on the same server, which
 * sees none of the demo county: a supervisor or admin of 别的镇, the A-post agent of 别的村, or 别的县's
 * county administrator. The county and township are created with the first such account; the
 * township's catalog starts empty.
 */
export async function otherTownshipAccount(server: TestServer, role: Role = 'supervisor') {
  const at = server.now().toISOString();
  const county = { id: 'c-other', code: 'OTX', name: '别的县' };
  const township = { id: 't-other', code: 'OTH', name: '别的镇', phone: '0737-0000000', address: '别处' };
  const names: Record<Role, string> = {
    agent: '别村代办员',
    supervisor: '别镇审核员',
    admin: '别镇管理员',
    county_admin: '别县管理员',
  };
  const isCounty = role === 'county_admin';
  const account = {
    id: randomUUID(),
    username: `other-${role.replace('_', '-')}`,
    displayName: names[role],
    role,
    phone: '13800000000',
    townshipId: isCounty ? null : township.id,
    villageId: role === 'agent' ? 'v-other' : null,
    post: role === 'agent' ? ('A' as const) : null,
  };
  const hash = await hashPassword(DEMO_PASSWORDS[role]);
  await server.db.transaction(async () => {
    const event = (type: string, entityId: string, payload: unknown) =>
      appendSystemEvent(server.db, type, entityId, null, payload, at);
    if (!(await getTownship(server.db, township.id))) {
      await insertCounty(server.db, county);
      await event('county.create', county.id, county);
      await insertTownship(server.db, township, county.id);
      await event('township.create', township.id, { ...township, countyId: county.id });
      const village = { id: 'v-other', townshipId: township.id, code: 'BDC', name: '别的村' };
      await insertVillage(server.db, village, await event('village.create', village.id, village));
    }
    await insertAccount(
      server.db,
      account,
      hash,
      at,
      await event('account.create', account.id, { id: account.id, role: account.role }),
      isCounty ? county.id : null,
    );
  });
  return server.login(account.username);
}

/** The township principal a session's requests act as (what the routes hand to the sync steps). */
export const principalOf = (server: TestServer, session: Session): Promise<Principal> =>
  townshipPrincipalByTokenHash(server.db, hashToken(session.token));

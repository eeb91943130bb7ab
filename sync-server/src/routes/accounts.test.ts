import type { AccountListing, EnrolmentCode, PullResponse, Session } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerHead } from '../db/index.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let now = new Date('2026-11-20T02:00:00Z');
let admin: Session;
beforeEach(async () => {
  now = new Date('2026-11-20T02:00:00Z');
  server = await startTestServer({ now: () => now });
  admin = await server.login('admin');
});
afterEach(() => server.close());

const post = (path: string, token: string, body: unknown = {}) =>
  server.api(path, { method: 'POST', token, body: JSON.stringify(body) });
const reasonOf = async (res: Response) => ((await res.json()) as { error: { reason: string; message: string } }).error;
const accountCount = async () => ((await server.db.get('SELECT COUNT(*) AS n FROM accounts')) as { n: number }).n;

const newAgent = {
  role: 'agent',
  username: 'dxg-agent-c',
  displayName: '罗春花',
  phone: '13800000301',
  villageId: 'v-dxg',
  post: 'B',
};

async function createAgent(body: object = newAgent): Promise<AccountListing> {
  const res = await post('/api/accounts', admin.token, body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { account: AccountListing }).account;
}

async function issueCode(accountId: string): Promise<EnrolmentCode> {
  const res = await post(`/api/accounts/${accountId}/enrolment-code`, admin.token);
  expect(res.status).toBe(201);
  return (await res.json()) as EnrolmentCode;
}

const enrol = (code: string, extra: object = {}) =>
  post('/api/auth/enrol', '', { username: 'dxg-agent-c', code, deviceName: '新平板', ...extra });

describe('accounts (账号管理)', () => {
  it('creates an agent and a supervisor; the list never carries a password or its hash', async () => {
    const agent = await createAgent();
    expect(agent).toMatchObject({ role: 'agent', villageId: 'v-dxg', post: 'B', hasPassword: false, disabledAt: null });
    const res = await post('/api/accounts', admin.token, {
      role: 'supervisor',
      username: 'supervisor2',
      displayName: '邓主任',
      phone: '0737-5550102',
      password: 'review-2026',
    });
    expect(res.status).toBe(201);
    const listRes = await server.api('/api/accounts', { token: admin.token });
    const text = await listRes.text();
    expect(text).not.toMatch(/scrypt|password"|passwordHash|review-2026/);
    const { accounts } = JSON.parse(text) as { accounts: AccountListing[] };
    expect(accounts.find((a) => a.username === 'supervisor2')).toMatchObject({
      role: 'supervisor',
      villageId: null,
      hasPassword: true,
    });
    expect(accounts.filter((a) => a.username === 'dxg-agent-c')).toHaveLength(1);
    expect((await server.login('supervisor2', 'review-2026')).account.role).toBe('supervisor');
    const event = (await server.db.get(
      "SELECT payload FROM events WHERE type = 'account.create' AND entity_id = ?",
      agent.id,
    )) as {
      payload: string;
    };
    expect(event.payload).not.toMatch(/password/i);

    // The village's tablets pull the new colleague.
    const colleague = await server.login('dxg-agent');
    const page = (await (await server.api('/api/sync/pull?limit=1000', { token: colleague.token })).json()) as PullResponse;
    expect(page.agents.map((a) => a.displayName)).toContain('罗春花');
  });

  it('refuses agents and supervisors, and bad input, writing nothing', async () => {
    const agent = await server.login('dxg-agent');
    const supervisor = await server.login('supervisor');
    const head = await ledgerHead(server.db);
    const count = await accountCount();
    for (const who of [agent, supervisor]) {
      expect((await post('/api/accounts', who.token, newAgent)).status).toBe(403);
      expect((await server.api('/api/accounts', { token: who.token })).status).toBe(403);
    }
    const bad: [string, object, number][] = [
      ['upper-case username', { ...newAgent, username: 'Bad User' }, 400],
      ['agent without village', { ...newAgent, villageId: undefined }, 400],
      ['agent without post', { ...newAgent, post: undefined }, 400],
      ['unknown village', { ...newAgent, villageId: 'v-nowhere' }, 400],
      ['short password', { ...newAgent, password: 'short' }, 400],
      ['supervisor without password', { ...newAgent, role: 'supervisor' }, 400],
      ['a new admin', { ...newAgent, role: 'admin', password: 'long-enough' }, 400],
      ['username taken', { ...newAgent, username: 'dxg-agent' }, 409],
    ];
    for (const [why, body, status] of bad) expect((await post('/api/accounts', admin.token, body)).status, why).toBe(status);
    expect(await ledgerHead(server.db)).toBe(head);
    expect(await accountCount()).toBe(count);
  });

  it('disables an account: its tablets are refused and it can no longer sign in', async () => {
    const account = await createAgent({ ...newAgent, password: 'agent-pass-1' });
    const tablet = await server.login('dxg-agent-c', 'agent-pass-1');
    const res = await post(`/api/accounts/${account.id}/disable`, admin.token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { account: AccountListing }).account.disabledAt).toBe(now.toISOString());
    const pull = await server.api('/api/sync/pull', { token: tablet.token });
    expect(pull.status).toBe(401);
    expect((await reasonOf(pull)).reason).toBe('device_revoked');
    await expect(server.login('dxg-agent-c', 'agent-pass-1')).rejects.toThrow(/401/);
    const head = await ledgerHead(server.db);
    expect((await post(`/api/accounts/${account.id}/disable`, admin.token)).status).toBe(409);
    expect((await post('/api/accounts/nobody/disable', admin.token)).status).toBe(404);
    expect((await post(`/api/accounts/${admin.account.id}/disable`, admin.token)).status).toBe(409);
    expect(await ledgerHead(server.db)).toBe(head);
  });
});

describe('enrolment codes (用登记码启用平板)', () => {
  it('enrols a tablet once with the code; the agent sets the account’s first password', async () => {
    const account = await createAgent();
    const { code, expiresAt } = await issueCode(account.id);
    expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}$/);
    expect(expiresAt).toBe('2026-11-21T02:00:00.000Z');
    expect(JSON.stringify(await server.db.all('SELECT * FROM enrolment_codes'))).not.toContain(code);

    // Without a password for an account that has none: refused, and the code still works.
    const noPassword = await enrol(code);
    expect(noPassword.status).toBe(400);
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    const res = await enrol(typed, { newPassword: 'my-tablet-2026' });
    expect(res.status).toBe(201);
    const session = (await res.json()) as Session;
    expect(session).toMatchObject({ account: { id: account.id, villageId: 'v-dxg' }, village: { code: 'DXG' } });
    expect((await server.api('/api/sync/pull', { token: session.token })).status).toBe(200);
    expect(await server.db.all("SELECT entity_id AS id FROM events WHERE type = 'device.enrol'")).toEqual([
      { id: session.device.id },
    ]);

    const again = await enrol(code, { newPassword: 'my-tablet-2026' });
    expect(again.status).toBe(401);
    expect((await reasonOf(again)).message).toMatch(/已使用/);
    expect((await server.login('dxg-agent-c', 'my-tablet-2026')).account.id).toBe(account.id);
  });

  it('expires 24 hours after it was issued, by the server’s clock', async () => {
    const account = await createAgent();
    const { code } = await issueCode(account.id);
    now = new Date(now.getTime() + 24 * 3600_000 + 1000);
    const res = await enrol(code, { newPassword: 'my-tablet-2026' });
    expect(res.status).toBe(401);
    expect((await reasonOf(res)).message).toMatch(/过期/);
    expect(((await server.db.get('SELECT COUNT(*) AS n FROM devices WHERE account_id = ?', account.id)) as { n: number }).n).toBe(
      0,
    );
  });

  it('is replaced by a newer code; wrong codes are refused without voiding it (see sign-in-limits.test.ts)', async () => {
    const account = await createAgent();
    const first = await issueCode(account.id);
    const second = await issueCode(account.id);
    expect((await reasonOf(await enrol(first.code, { newPassword: 'my-tablet-2026' }))).message).toMatch(/作废/);
    for (let i = 0; i < 5; i++) {
      const wrong = await enrol('ZZZZZZZZ', { newPassword: 'my-tablet-2026' });
      expect(wrong.status).toBe(401);
      expect((await reasonOf(wrong)).message).toMatch(/不正确/);
    }
    expect((await enrol(second.code, { newPassword: 'my-tablet-2026' })).status).toBe(201);
  });

  it('is issued by the admin only, for agents of the township', async () => {
    const account = await createAgent();
    const supervisor = await server.login('supervisor');
    const head = await ledgerHead(server.db);
    expect((await post(`/api/accounts/${account.id}/enrolment-code`, supervisor.token)).status).toBe(403);
    expect((await post(`/api/accounts/${supervisor.account.id}/enrolment-code`, admin.token)).status).toBe(409);
    expect((await post('/api/accounts/nobody/enrolment-code', admin.token)).status).toBe(404);
    expect(await ledgerHead(server.db)).toBe(head);
    expect((await enrol('', {})).status).toBe(400);
  });
});

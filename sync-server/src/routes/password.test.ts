import type { Role } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAILED_SIGN_IN_LIMIT } from '../rate-limits.ts';
import { dbChecksum } from '../testing/db-checksum.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const change = (token: string, currentPassword: string, newPassword: string) =>
  server.api('/api/auth/password', { method: 'POST', token, body: JSON.stringify({ currentPassword, newPassword }) });
const signIn = (username: string, password: string) =>
  server.api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password, deviceName: 'browser' }) });
const errorOf = async (res: Response) => ((await res.json()) as { error: { reason: string; message: string } }).error;

const ACCOUNTS: [Role, string, string][] = [
  ['agent', 'dxg-agent', 'daiban-agent'],
  ['supervisor', 'supervisor', 'daiban-review'],
  ['admin', 'admin', 'daiban-admin'],
  ['county_admin', 'county-admin', 'daiban-county'],
];

describe('修改密码: changing one’s own password', () => {
  it.each(ACCOUNTS)('lets the %s change it: the new one signs in, the old one is refused', async (_, username, old) => {
    const session = await server.login(username);
    const res = await change(session.token, old, 'a-new-password-2026');
    expect(res.status).toBe(200);
    expect((await signIn(username, 'a-new-password-2026')).status).toBe(201);
    expect((await signIn(username, old)).status).toBe(401);
  });

  it('records an account.password ledger event holding neither password nor hash', async () => {
    const session = await server.login('supervisor');
    expect((await change(session.token, 'daiban-review', 'a-new-password-2026')).status).toBe(200);
    const events = (await server.db.all(
      "SELECT entity_id AS id, device_id AS device, payload FROM events WHERE type = 'account.password'",
    )) as {
      id: string;
      device: string;
      payload: string;
    }[];
    expect(events).toEqual([
      { id: session.account.id, device: session.device.id, payload: JSON.stringify({ accountId: session.account.id }) },
    ]);
    const { h } = (await server.db.get('SELECT password_hash AS h FROM accounts WHERE id = ?', session.account.id)) as {
      h: string;
    };
    expect(events[0]!.payload).not.toContain('a-new-password-2026');
    expect(events[0]!.payload).not.toContain(h.split('$')[5]);
  });

  it('keeps the account’s other sessions and tablets: their unsynced work still goes up', async () => {
    const tablet = new FakeTablet(await server.login('dxg-agent'), server.now);
    const other = await server.login('dxg-agent');
    expect((await change(other.token, 'daiban-agent', 'a-new-password-2026')).status).toBe(200);
    const push = await server.api('/api/sync/push', {
      method: 'POST',
      token: tablet.session.token,
      body: JSON.stringify({ mutations: [tablet.mutation('applicant.register', tablet.applicant())] }),
    });
    expect(push.status).toBe(200);
  });

  it('refuses a wrong current password with 401 and a readable message, changing nothing', async () => {
    const session = await server.login('supervisor');
    const before = await dbChecksum(server.db);
    const res = await change(session.token, 'not-my-password', 'a-new-password-2026');
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/当前密码不正确/);
    expect(await dbChecksum(server.db)).toBe(before);
    expect((await signIn('supervisor', 'daiban-review')).status).toBe(201);
  });

  it('refuses a weak new password, or the current one again, with 400, changing nothing', async () => {
    const session = await server.login('admin');
    const before = await dbChecksum(server.db);
    const short = await change(session.token, 'daiban-admin', 'short');
    expect(short.status).toBe(400);
    expect(JSON.stringify(await short.json())).toMatch(/至少 8 位/);
    const same = await change(session.token, 'daiban-admin', 'daiban-admin');
    expect(same.status).toBe(400);
    expect(JSON.stringify(await same.json())).toMatch(/新密码不能与当前密码相同/);
    expect(await dbChecksum(server.db)).toBe(before);
    expect((await signIn('admin', 'daiban-admin')).status).toBe(201);
  });

  it('counts wrong current passwords as wrong sign-ins of the account: past the limit both are refused', async () => {
    const session = await server.login('supervisor');
    for (let i = 0; i < FAILED_SIGN_IN_LIMIT / 2; i++) expect((await signIn('supervisor', `guess-${i}`)).status).toBe(401);
    for (let i = FAILED_SIGN_IN_LIMIT / 2; i < FAILED_SIGN_IN_LIMIT; i++) {
      expect((await change(session.token, `guess-${i}`, 'a-new-password-2026')).status).toBe(401);
    }
    const blocked = await change(session.token, 'daiban-review', 'a-new-password-2026');
    expect(blocked.status).toBe(429);
    expect((await errorOf(blocked)).reason).toBe('rate_limited');
    expect((await signIn('supervisor', 'daiban-review')).status).toBe(429);
    // Another account is not held back.
    const admin = await server.login('admin');
    expect((await change(admin.token, 'daiban-admin', 'a-new-password-2026')).status).toBe(200);
  });

  it('answers a repeat from the device that made the change (its answer lost) as done, and nobody else’s', async () => {
    const session = await server.login('dxg-agent');
    const other = await server.login('dxg-agent');
    expect((await change(session.token, 'daiban-agent', 'a-new-password-2026')).status).toBe(200);
    const before = await dbChecksum(server.db);
    expect((await change(session.token, 'daiban-agent', 'a-new-password-2026')).status).toBe(200);
    expect((await change(other.token, 'daiban-agent', 'a-new-password-2026')).status).toBe(401);
    expect(await dbChecksum(server.db)).toBe(before);
    expect(await server.db.all("SELECT seq FROM events WHERE type = 'account.password'")).toHaveLength(1);
  });
});

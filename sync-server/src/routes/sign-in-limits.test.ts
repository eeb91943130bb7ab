import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAILED_ADDRESS_LIMIT, FAILED_CONFIRM_LIMIT, FAILED_SIGN_IN_LIMIT } from '../rate-limits.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

/** The scrypt parameters of each stored hash the server checked a password against. */
const checked = vi.hoisted(() => ({ params: [] as string[] }));
vi.mock('../auth/passwords.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../auth/passwords.ts')>();
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      checked.params.push(stored.split('$').slice(0, 4).join('$'));
      return real.verifyPassword(password, stored);
    },
  };
});

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const attempt = (username: string, password: string) =>
  server.api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password, deviceName: 'tablet' }) });

describe('sign-in limits hold for every spelling and every account', () => {
  it('counts every spelling of one account as that account', async () => {
    const spellings = ['dxg-agent', '  dxg-agent', 'DXG-agent', 'dxg-agent  ', 'Dxg-Agent'];
    for (let i = 0; i < FAILED_SIGN_IN_LIMIT; i++) expect((await attempt(spellings[i % 5]!, `guess-${i}`)).status).toBe(401);
    for (const spelling of spellings) expect((await attempt(spelling, 'daiban-agent')).status).toBe(429);
    expect((await attempt('dnh-agent', 'daiban-agent')).status).toBe(201);
  });

  it('limits one address across accounts, before any account’s own limit', async () => {
    const accounts = ['dxg', 'qshs', 'dnh', 'bbg', 'ng', 'ys', 'xhk', 'sbz', 'tj'].map((v) => `${v}-agent`);
    let tries = 0;
    for (; tries < FAILED_ADDRESS_LIMIT; tries++) {
      expect((await attempt(accounts[tries % accounts.length]!, `guess-${tries}`)).status).toBe(401);
    }
    const blocked = await attempt('hx-agent', 'daiban-agent');
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { reason: string } }).error.reason).toBe('rate_limited');
  });

  it('limits wrong codes per address: they no longer void the agent’s open enrolment code', async () => {
    const admin = await server.login('admin');
    const agent = await server.login('dxg-agent');
    const issued = await server.api(`/api/accounts/${agent.account.id}/enrolment-code`, { method: 'POST', token: admin.token });
    const { code } = (await issued.json()) as { code: string };
    const enrol = (typed: string) =>
      server.api('/api/auth/enrol', {
        method: 'POST',
        body: JSON.stringify({ username: 'dxg-agent', code: typed, deviceName: 'tablet' }),
      });
    // Five wrong codes from a stranger used to void the agent's code.
    for (let i = 0; i < 5; i++) expect((await enrol('ZZZZZZZZ')).status).toBe(401);
    expect((await enrol(code)).status).toBe(201);
    for (let i = 5; i < FAILED_SIGN_IN_LIMIT; i++) expect((await enrol('ZZZZZZZZ')).status).toBe(401);
    expect((await enrol('ZZZZZZZZ')).status).toBe(429);
  });

  it('limits wrong passwords for a forgotten PIN per device', async () => {
    const session = await server.login('dxg-agent');
    const confirm = (password: string) =>
      server.api('/api/auth/confirm', { method: 'POST', token: session.token, body: JSON.stringify({ password }) });
    for (let i = 0; i < FAILED_CONFIRM_LIMIT; i++) expect((await confirm(`guess-${i}`)).status).toBe(401);
    expect((await confirm('daiban-agent')).status).toBe(429);
  });

  it('checks a password for a name with no account as for a wrong password: the answer time tells nothing', async () => {
    checked.params = [];
    expect((await attempt('supervisor', 'wrong')).status).toBe(401);
    const known = checked.params;
    checked.params = [];
    expect((await attempt('nobody-here', 'wrong')).status).toBe(401);
    // One scrypt check each, at the same cost parameters (times are for benchmarks, not tests).
    expect(known).toHaveLength(1);
    expect(checked.params).toEqual(known);
  });
});

describe('bodies before authentication', () => {
  it('refuses big or deeply nested sign-in bodies unread, and another agent’s push goes through meanwhile', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    const nested = `{"username":${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}}`;
    const flood = Array.from({ length: 8 }, () =>
      server.api('/api/auth/login', { method: 'POST', body: nested }).then((r) => r.status),
    );
    const start = performance.now();
    const push = await server.api('/api/sync/push', {
      method: 'POST',
      token: agent.token,
      body: JSON.stringify({ mutations: [tablet.mutation('applicant.register', tablet.applicant())] }),
    });
    const pushMs = performance.now() - start;
    expect(push.status).toBe(200);
    expect(await Promise.all(flood)).toEqual(Array(8).fill(413));
    // Parsing the bodies used to hold the server for 1.3–2.5 s each.
    expect(pushMs).toBeLessThan(1000);
  });
});

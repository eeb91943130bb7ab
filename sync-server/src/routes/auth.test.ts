import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAILED_SIGN_IN_LIMIT } from '../rate-limits.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

describe('sign-in and device enrolment', () => {
  it('enrols the device with a code, a token stored only as a hash, and the agent village', async () => {
    const session = await server.login('dxg-agent');
    expect(session.village?.code).toBe('DXG');
    expect(session.device.code).toBe('T01');
    expect(session.token.length).toBeGreaterThanOrEqual(43);
    const stored = (await server.db.all('SELECT token_hash AS h FROM devices')) as { h: string }[];
    expect(stored.map((r) => r.h)).not.toContain(session.token);
    expect((await server.login('dxg-agent')).device.code).toBe('T02');
  });

  it('refuses a wrong password with 401 and a readable message', async () => {
    const res = await server.api('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'dxg-agent', password: 'wrong', deviceName: 'tablet' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/密码/);
  });

  it('refuses further attempts after repeated wrong passwords for one account, and only for that account', async () => {
    const attempt = (username: string, password: string) =>
      server.api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password, deviceName: 'tablet' }) });
    // Successful sign-ins never count against the limit.
    for (let i = 0; i < FAILED_SIGN_IN_LIMIT + 2; i++) expect((await attempt('qshs-agent', 'daiban-agent')).status).toBe(201);
    for (let i = 0; i < FAILED_SIGN_IN_LIMIT; i++) expect((await attempt('dxg-agent', `guess-${i}`)).status).toBe(401);
    const devicesBefore = await server.db.get('SELECT count(*) AS n FROM devices');
    const blocked = await attempt('dxg-agent', 'daiban-agent');
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { reason: string; message: string } }).error).toMatchObject({
      reason: 'rate_limited',
      message: expect.stringMatching(/尝试次数过多/),
    });
    expect(await server.db.get('SELECT count(*) AS n FROM devices')).toEqual(devicesBefore);
    expect((await attempt('dnh-agent', 'daiban-agent')).status).toBe(201);
  });

  it('expires a token left idle too long: a supervisor’s after 12 hours, a tablet’s after 90 days', async () => {
    let now = new Date('2026-11-20T01:00:00Z');
    const timed = await startTestServer({ now: () => now });
    const later = (hours: number) => new Date(now.getTime() + hours * 3600_000);
    try {
      const supervisor = await timed.login('supervisor');
      const agent = await timed.login('dxg-agent');
      const status = async (path: string, token: string) => (await timed.api(path, { token })).status;
      now = later(11);
      expect(await status('/api/cases', supervisor.token)).toBe(200);
      now = later(11); // used 11 hours ago: still valid, each use keeps it alive
      expect(await status('/api/cases', supervisor.token)).toBe(200);
      now = later(13);
      const expired = await timed.api('/api/cases', { token: supervisor.token });
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/登录已过期/);
      expect(await status('/api/sync/pull', agent.token)).toBe(200);
      now = later(89 * 24);
      expect(await status('/api/sync/pull', agent.token)).toBe(200);
      now = later(91 * 24);
      expect(await status('/api/sync/pull', agent.token)).toBe(401);
    } finally {
      await timed.close();
    }
  });

  it('refuses a body without the device name with 400', async () => {
    const res = await server.api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'x' }) });
    expect(res.status).toBe(400);
  });
});

describe('confirming the password on an enrolled device (forgotten PIN)', () => {
  const confirm = (token: string, password: unknown) =>
    server.api('/api/auth/confirm', { method: 'POST', token, body: JSON.stringify({ password }) });

  it('accepts the right password and keeps the same enrolment: no new device, the token still works', async () => {
    const session = await server.login('dxg-agent');
    const res = await confirm(session.token, 'daiban-agent');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(await server.db.get('SELECT COUNT(*) AS n FROM devices')).toEqual({ n: 1 });
    expect((await server.api('/api/sync/pull', { token: session.token })).status).toBe(200);
  });

  it('refuses a wrong password with 401 and a readable message, and an empty one with 400', async () => {
    const session = await server.login('dxg-agent');
    const wrong = await confirm(session.token, 'daiban-review');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/密码不正确/);
    expect((await confirm(session.token, '')).status).toBe(400);
  });

  it('is for agents on their tablet only, and never without a device token', async () => {
    const supervisor = await server.login('supervisor');
    expect((await confirm(supervisor.token, 'daiban-review')).status).toBe(403);
    const res = await server.api('/api/auth/confirm', { method: 'POST', body: JSON.stringify({ password: 'daiban-agent' }) });
    expect(res.status).toBe(401);
  });
});

describe('health', () => {
  it('answers with the server, protocol and schema versions', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', version: 'test', protocolVersion: 1, schemaVersion: 1 });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await server.api('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe('not_found');
  });
});

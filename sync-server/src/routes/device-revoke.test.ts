import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerHead } from '../db/index.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { otherTownshipAccount } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
const now = new Date('2026-11-20T02:00:00Z');
beforeEach(async () => {
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

const revoke = (deviceId: string, token: string) =>
  server.api(`/api/devices/${deviceId}/revoke`, { method: 'POST', token, body: '{}' });
const errorOf = async (res: Response) => ((await res.json()) as { error: { reason: string; message: string } }).error;
const revokeEvents = async () => await server.db.all(`SELECT account_id AS "accountId" FROM events WHERE type = 'device.revoke'`);

describe('revoking a device', () => {
  it('refuses the device’s push, pull and blob upload with device_revoked; its account’s other devices go on', async () => {
    const agent = await server.login('dxg-agent');
    const other = await server.login('dxg-agent');
    const supervisor = await server.login('supervisor');
    const res = await revoke(agent.device.id, supervisor.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ revokedAt: now.toISOString() });
    expect(await revokeEvents()).toEqual([{ accountId: supervisor.account.id }]);

    const tablet = new FakeTablet(agent, server.now);
    const bytes = Buffer.from('a photo of a 户口簿 page');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const refused = [
      await server.api('/api/sync/push', {
        method: 'POST',
        token: agent.token,
        body: JSON.stringify({ mutations: [tablet.mutation('applicant.register', tablet.applicant())] }),
      }),
      await server.api('/api/sync/pull', { token: agent.token }),
      await server.api(`/api/blobs/${sha}/chunks?offset=0&total=${bytes.length}`, {
        method: 'PUT',
        token: agent.token,
        body: bytes,
        headers: { 'content-type': 'image/jpeg' },
      }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(await errorOf(r)).toMatchObject({ reason: 'device_revoked', message: expect.stringContaining('设备已被乡镇停用') });
    }
    expect(((await server.db.get('SELECT COUNT(*) AS n FROM applicants')) as { n: number }).n).toBe(0);
    expect((await server.api('/api/sync/pull', { token: other.token })).status).toBe(200);

    // Revoking again answers the same and records nothing new.
    expect(await (await revoke(agent.device.id, supervisor.token)).json()).toEqual({ revokedAt: now.toISOString() });
    expect(await revokeEvents()).toHaveLength(1);
  });

  it('is for the township’s supervisors and admins only', async () => {
    const agent = await server.login('dxg-agent');
    const colleague = await server.login('dxg-agent-b');
    const outsider = await otherTownshipAccount(server);
    const head = await ledgerHead(server.db);
    expect((await revoke(agent.device.id, outsider.token)).status).toBe(404);
    expect((await revoke(agent.device.id, colleague.token)).status).toBe(403);
    expect((await revoke('not-a-device', (await server.login('admin')).token)).status).toBe(400);
    expect(await ledgerHead(server.db)).toBe(head);
    expect((await server.api('/api/sync/pull', { token: agent.token })).status).toBe(200);
    const admin = await server.login('admin');
    expect((await revoke(agent.device.id, admin.token)).status).toBe(200);
  });

  it('lets a supervisor revoke agents’ tablets only; the admin revokes staff devices', async () => {
    const supervisor = await server.login('supervisor');
    const admin = await server.login('admin');
    const otherSupervisor = await server.login('supervisor');
    const head = await ledgerHead(server.db);
    for (const staff of [admin, otherSupervisor]) {
      const res = await revoke(staff.device.id, supervisor.token);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).reason).toBe('forbidden');
    }
    expect(await ledgerHead(server.db)).toBe(head);
    expect((await server.api('/api/devices', { token: admin.token })).status).toBe(200);
    expect((await revoke(otherSupervisor.device.id, admin.token)).status).toBe(200);
  });

  it('tells a device that signed off that its token is unknown, not revoked', async () => {
    const agent = await server.login('dxg-agent');
    await server.api('/api/auth/goodbye', { method: 'POST', token: agent.token, body: '{}' });
    const res = await server.api('/api/sync/pull', { token: agent.token });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).reason).toBe('unauthorized');
  });
});

import { DEVICE_CLOCK_HEADER, type DeviceHealth } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let now = new Date('2026-11-20T02:00:00Z');
beforeEach(async () => {
  now = new Date('2026-11-20T02:00:00Z');
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

async function devices(): Promise<DeviceHealth[]> {
  const supervisor = await server.login('supervisor');
  return ((await (await server.api('/api/devices', { token: supervisor.token })).json()) as { devices: DeviceHealth[] }).devices;
}

const push = (token: string, mutations: unknown[]) =>
  server.api('/api/sync/push', { method: 'POST', token, body: JSON.stringify({ mutations }) });

describe('stuck, silent and wiped devices', () => {
  it('flags a device whose pushes keep failing, with the reason, until one succeeds', async () => {
    const agent = await server.login('dxg-agent');
    for (let i = 0; i < 3; i++) expect((await push(agent.token, [{ type: 'case.unknown' }])).status).toBe(400);
    const stuck = (await devices()).find((d) => d.id === agent.device.id);
    expect(stuck).toMatchObject({ stuck: true, pushFailures: 3 });
    expect(stuck?.lastPushError).toMatch(/validation_failed/);
    const tablet = new FakeTablet(agent, server.now);
    expect((await push(agent.token, [tablet.mutation('applicant.register', tablet.applicant())])).status).toBe(200);
    expect((await devices()).find((d) => d.id === agent.device.id)).toMatchObject({ stuck: false, pushFailures: 0, lastSeq: 1 });
  });

  it('flags a device whose pushes keep stopping at a gap in its sequence (what a restore leaves), until the gap is filled', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    const missing = tablet.mutation('applicant.register', tablet.applicant());
    const after = tablet.mutation('applicant.register', tablet.applicant());
    for (let i = 0; i < 3; i++) {
      const res = await push(agent.token, [after]);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ results: [] });
    }
    const stuck = (await devices()).find((d) => d.id === agent.device.id);
    expect(stuck).toMatchObject({ stuck: true, pushFailures: 3, lastSeq: 0 });
    expect(stuck?.lastPushError).toMatch(/^out_of_order: .*第 1 条/);
    expect((await push(agent.token, [missing, after])).status).toBe(200);
    expect((await devices()).find((d) => d.id === agent.device.id)).toMatchObject({ stuck: false, pushFailures: 0, lastSeq: 2 });
  });

  it('flags a device not heard from for more than a day', async () => {
    const agent = await server.login('dxg-agent');
    await server.api('/api/sync/pull', { token: agent.token });
    now = new Date(now.getTime() + 25 * 3600_000);
    const list = await devices();
    expect(list.find((d) => d.id === agent.device.id)).toMatchObject({ silent: true, lastContactAt: '2026-11-20T02:00:00.000Z' });
    expect(list.find((d) => d.accountName && d.id !== agent.device.id && d.silent)).toBeUndefined();
  });

  it('shows each device’s clock skew, and flags a clock off by more than five minutes first', async () => {
    const ahead = await server.login('dxg-agent');
    const right = await server.login('dnh-agent');
    const pullWithClock = (token: string, deviceClock: number) =>
      server.api('/api/sync/pull', { token, headers: { [DEVICE_CLOCK_HEADER]: String(deviceClock) } });
    now = new Date(now.getTime() + 120_000); // past the once-a-minute contact write of the sign-in
    await pullWithClock(ahead.token, now.getTime() + 3 * 86_400_000);
    await pullWithClock(right.token, now.getTime() + 20_000);
    const list = await devices();
    const skewed = list.find((d) => d.id === ahead.device.id);
    expect(skewed).toMatchObject({ clockSkewMs: 3 * 86_400_000, clockWrong: true });
    expect(list.find((d) => d.id === right.device.id)).toMatchObject({ clockSkewMs: 20_000, clockWrong: false });
    expect(list[0]?.id).toBe(ahead.device.id);
  });

  it('refuses a push whose sequence went backwards, writes nothing, and tells what the ledger has', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    await push(agent.token, [
      tablet.mutation('applicant.register', tablet.applicant()),
      tablet.mutation('applicant.register', tablet.applicant()),
    ]);
    const wiped = new FakeTablet(agent, server.now);
    const events = await server.db.get('SELECT COUNT(*) AS n FROM events');
    const res = await push(agent.token, [wiped.mutation('applicant.register', wiped.applicant({ name: '新录入' }))]);
    expect(res.status).toBe(409);
    const error = ((await res.json()) as { error: { reason: string; message: string } }).error;
    expect(error.reason).toBe('device_reset');
    expect(error.message).toMatch(/1–2/);
    expect(await server.db.get('SELECT COUNT(*) AS n FROM events')).toEqual(events);
    expect((await devices()).find((d) => d.id === agent.device.id)?.resetDetectedAt).toBe(now.toISOString());
  });

  it('tells an agent signing in about enrolments that never said goodbye, and forgets those that did', async () => {
    const first = await server.login('dxg-agent');
    const tablet = new FakeTablet(first, server.now);
    await push(first.token, [tablet.mutation('applicant.register', tablet.applicant())]);
    const second = await server.login('dxg-agent');
    expect(second.priorEnrolments).toEqual([expect.objectContaining({ code: first.device.code, lastSeq: 1 })]);

    expect((await server.api('/api/auth/goodbye', { method: 'POST', token: first.token, body: '{}' })).status).toBe(200);
    expect((await server.api('/api/sync/pull', { token: first.token })).status).toBe(401);
    const third = await server.login('dxg-agent');
    expect(third.priorEnrolments.map((p) => p.code)).toEqual([second.device.code]);
  });

  it('keeps the device list from agents', async () => {
    const agent = await server.login('dxg-agent');
    expect((await server.api('/api/devices', { token: agent.token })).status).toBe(403);
  });
});

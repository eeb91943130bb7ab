import { randomBytes } from 'node:crypto';
import { PIN_PROOF_ATTEMPTS } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbChecksum } from '../testing/db-checksum.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const proof = () => randomBytes(32).toString('base64');
const registerPin = (token: string, pinProof: string) =>
  server.api('/api/auth/pin', { method: 'POST', token, body: JSON.stringify({ proof: pinProof }) });
const unlock = (deviceId: string, pinProof: string) =>
  server.api('/api/auth/unlock', { method: 'POST', body: JSON.stringify({ deviceId, proof: pinProof }) });
const bodyOf = async (res: Response) => (await res.json()) as { keyShare?: string; error?: { reason: string } };

describe('the key share behind a tablet’s PIN', () => {
  it('hands the share out for the registered proof only, and the same share for a new PIN', async () => {
    const session = await server.login('dxg-agent');
    const first = proof();
    const registered = await bodyOf(await registerPin(session.token, first));
    expect(Buffer.from(registered.keyShare ?? '', 'base64')).toHaveLength(32);
    expect((await bodyOf(await unlock(session.device.id, first))).keyShare).toBe(registered.keyShare);
    const wrong = await unlock(session.device.id, proof());
    expect(wrong.status).toBe(401);
    expect((await bodyOf(wrong)).error?.reason).toBe('wrong_pin');
    const second = proof();
    expect((await bodyOf(await registerPin(session.token, second))).keyShare).toBe(registered.keyShare);
    expect((await unlock(session.device.id, first)).status).toBe(401);
    expect((await bodyOf(await unlock(session.device.id, second))).keyShare).toBe(registered.keyShare);
  });

  it('stops answering after too many wrong proofs, even for the right one', async () => {
    const session = await server.login('dxg-agent');
    const right = proof();
    await registerPin(session.token, right);
    for (let i = 1; i < PIN_PROOF_ATTEMPTS; i++) expect((await unlock(session.device.id, proof())).status).toBe(401);
    const last = await unlock(session.device.id, proof());
    expect(last.status).toBe(403);
    expect((await bodyOf(last)).error?.reason).toBe('pin_disabled');
    expect((await bodyOf(await unlock(session.device.id, right))).error?.reason).toBe('pin_disabled');
    // A new PIN after an online password check opens it again.
    const renewed = proof();
    await registerPin(session.token, renewed);
    expect((await unlock(session.device.id, renewed)).status).toBe(200);
  });

  it('a right proof resets the count of wrong ones', async () => {
    const session = await server.login('dxg-agent');
    const right = proof();
    await registerPin(session.token, right);
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i < PIN_PROOF_ATTEMPTS; i++) await unlock(session.device.id, proof());
      expect((await unlock(session.device.id, right)).status).toBe(200);
    }
  });

  it('drops the share for good when the device is revoked or signs off', async () => {
    const admin = await server.login('admin');
    const revoked = await server.login('dxg-agent');
    const signedOff = await server.login('dxg-agent');
    const pins = { revoked: proof(), signedOff: proof() };
    await registerPin(revoked.token, pins.revoked);
    await registerPin(signedOff.token, pins.signedOff);
    expect((await server.api(`/api/devices/${revoked.device.id}/revoke`, { method: 'POST', token: admin.token })).status).toBe(
      200,
    );
    expect((await server.api('/api/auth/goodbye', { method: 'POST', token: signedOff.token })).status).toBe(200);
    for (const [device, pinProof] of [
      [revoked.device.id, pins.revoked],
      [signedOff.device.id, pins.signedOff],
    ] as const) {
      const res = await unlock(device, pinProof);
      expect(res.status).toBe(401);
      expect((await bodyOf(res)).error?.reason).toBe('device_revoked');
    }
    const shares = (await server.db.get('SELECT count(*) AS n FROM devices WHERE key_share IS NOT NULL')) as { n: number };
    expect(shares.n).toBe(0);
  });

  it('answers a device without a PIN, an unknown device and bad bodies clearly, writing nothing', async () => {
    const session = await server.login('dxg-agent');
    const before = await dbChecksum(server.db);
    expect((await bodyOf(await unlock(session.device.id, proof()))).error?.reason).toBe('pin_disabled');
    expect(await dbChecksum(server.db)).toBe(before);
    expect((await bodyOf(await unlock('00000000-0000-4000-8000-000000000000', proof()))).error?.reason).toBe('device_revoked');
    for (const body of [{}, { deviceId: session.device.id, proof: 'short' }, { deviceId: 'x', proof: proof() }]) {
      const res = await server.api('/api/auth/unlock', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
    expect((await registerPin(session.token, 'not base64!')).status).toBe(400);
    expect(await dbChecksum(server.db)).toBe(before);
  });
});

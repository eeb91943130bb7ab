import { DEMO_PASSWORDS, startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ApiClient, NetworkError, ServerError } from '../sync/api-client.ts';
import { newTablet, reopenedTablet, signedInTablet, type TestTablet } from '../testing/test-tablet.ts';
import { setPin, unlockWithPassword } from './lock.ts';
import { changePassword } from './password.ts';
import { signIn } from './session.ts';
import { loadVaultState } from './vault.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const T0 = Date.parse('2026-03-02T08:00:00Z');
const OLD = DEMO_PASSWORDS.agent;
const NEW = 'a-new-password-2026';
/** Nothing listens there: a tablet started without the township link. */
const NO_SERVER = 'http://127.0.0.1:9';

/** The tablet after the app started again, its vault locked. */
async function restarted(tablet: TestTablet, baseUrl: string): Promise<TestTablet> {
  const again = reopenedTablet(tablet, baseUrl);
  await loadVaultState(again.db);
  return again;
}

/** Which of the two passwords open the tablet after a restart without the township link. */
async function opensOffline(tablet: TestTablet): Promise<{ old: boolean; new: boolean }> {
  let current = await restarted(tablet, NO_SERVER);
  const old = await unlocks(current, OLD);
  current = await restarted(current, NO_SERVER);
  return { old, new: await unlocks(current, NEW) };
}

/** Whether the password unlocks the tablet, once whatever the unlock settles with the server is done. */
async function unlocks(tablet: TestTablet, password: string): Promise<boolean> {
  const check = await unlockWithPassword(password, T0, tablet);
  if (check.outcome === 'unlocked') await check.settling;
  return check.outcome === 'unlocked';
}

/** A tablet whose change of password reaches the server while `lose.answer` makes the answer get lost. */
async function tabletLosingAnswers(username: string) {
  const lose = { answer: true };
  const tablet = await signedInTablet(server.url, username, (api: ApiClient) => ({
    ...api,
    changePassword: async (body) => {
      const answer = await api.changePassword(body);
      if (lose.answer) throw new NetworkError('the link dropped before the answer came');
      return answer;
    },
  }));
  return { tablet, lose };
}

const signsIn = async (username: string, password: string) =>
  (await server.api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password, deviceName: 'x' }) }))
    .status === 201;

describe('修改密码 on an agent’s tablet', () => {
  it('re-wraps the data key in the same step: offline the new password opens the tablet and the old one no longer does', async () => {
    const tablet = await signedInTablet(server.url, 'qshs-agent');
    await setPin('482913', '482913', tablet);
    const pin = await tablet.db.lock.get('pin');
    await changePassword({ currentPassword: OLD, newPassword: NEW, repeat: NEW }, tablet);
    expect(await tablet.db.lock.get('password')).not.toHaveProperty('next');
    expect(await tablet.db.lock.get('pin')).toEqual(pin);
    expect(await signsIn('qshs-agent', NEW)).toBe(true);
    expect(await opensOffline(tablet)).toEqual({ old: false, new: true });
  });

  it('changes nothing on the tablet when the server refuses a wrong current password', async () => {
    const tablet = await signedInTablet(server.url, 'dnh-agent');
    const before = await tablet.db.lock.toArray();
    const refused = changePassword({ currentPassword: 'not-my-password', newPassword: NEW, repeat: NEW }, tablet);
    await expect(refused).rejects.toBeInstanceOf(ServerError);
    await expect(refused).rejects.toMatchObject({ status: 401, reason: 'unauthorized' });
    expect(await tablet.db.lock.toArray()).toEqual(before);
    expect(await signsIn('dnh-agent', OLD)).toBe(true);
  });

  it.each([
    [{ currentPassword: '', newPassword: NEW, repeat: NEW }, 'error.passwordCurrentMissing'],
    [{ currentPassword: OLD, newPassword: 'short', repeat: 'short' }, 'error.passwordTooShort'],
    [{ currentPassword: OLD, newPassword: OLD, repeat: OLD }, 'error.passwordSame'],
    [{ currentPassword: OLD, newPassword: NEW, repeat: `${NEW}x` }, 'error.passwordRepeat'],
  ])('refuses %o before sending anything (%s)', async (form, key) => {
    const sent = vi.fn();
    const tablet = newTablet(server.url, (api) => ({ ...api, changePassword: sent }));
    await expect(changePassword(form, tablet)).rejects.toMatchObject({ key });
    expect(sent).not.toHaveBeenCalled();
  });

  it('keeps the agent in when the answer is lost after the server changed it; the same change sent again settles it', async () => {
    const { tablet, lose } = await tabletLosingAnswers('bbg-agent');
    const change = { currentPassword: OLD, newPassword: NEW, repeat: NEW };
    await expect(changePassword(change, tablet)).rejects.toMatchObject({ key: 'error.passwordUnconfirmed' });
    expect(await signsIn('bbg-agent', NEW)).toBe(true);
    // Unsettled, both open it offline: neither the agent nor the unsynced work is locked out.
    expect(await tablet.db.lock.get('password')).toHaveProperty('next');
    lose.answer = false;
    await changePassword(change, tablet);
    expect(await opensOffline(tablet)).toEqual({ old: false, new: true });
  });

  it('opens with either password while unsettled, and an online unlock with the new one settles it', async () => {
    const { tablet } = await tabletLosingAnswers('ng-agent');
    await expect(changePassword({ currentPassword: OLD, newPassword: NEW, repeat: NEW }, tablet)).rejects.toMatchObject({
      key: 'error.passwordUnconfirmed',
    });
    const offline = await restarted(tablet, NO_SERVER);
    expect(await unlocks(offline, OLD)).toBe(true);
    expect(await offline.db.lock.get('password')).toHaveProperty('next');
    const online = await restarted(offline, server.url);
    expect(await unlocks(online, NEW)).toBe(true);
    expect(await online.db.lock.get('password')).not.toHaveProperty('next');
    expect(await opensOffline(online)).toEqual({ old: false, new: true });
  });

  it('drops the new wrapping when the change never reached the server and the old password is confirmed online', async () => {
    const tablet = await signedInTablet(server.url, 'ys-agent', (api) => ({
      ...api,
      changePassword: () => Promise.reject(new NetworkError('no link')),
    }));
    await expect(changePassword({ currentPassword: OLD, newPassword: NEW, repeat: NEW }, tablet)).rejects.toMatchObject({
      key: 'error.passwordUnconfirmed',
    });
    const online = await restarted(tablet, server.url);
    expect(await unlocks(online, OLD)).toBe(true);
    expect(await online.db.lock.get('password')).not.toHaveProperty('next');
    expect(await opensOffline(online)).toEqual({ old: true, new: false });
    expect(await signsIn('ys-agent', OLD)).toBe(true);
  });
});

describe('修改密码 in a township browser', () => {
  it('changes the supervisor’s password and keeps nothing of it on the device', async () => {
    const browser = newTablet(server.url);
    await signIn({ username: 'xa-supervisor', password: DEMO_PASSWORDS.supervisor, deviceName: 'browser' }, browser);
    await changePassword({ currentPassword: DEMO_PASSWORDS.supervisor, newPassword: NEW, repeat: NEW }, browser);
    expect(await browser.db.lock.count()).toBe(0);
    expect(await signsIn('xa-supervisor', NEW)).toBe(true);
    expect(await signsIn('xa-supervisor', DEMO_PASSWORDS.supervisor)).toBe(false);
  });
});

import { passwordChangeSchema } from '@daiban/schemas';
import { useLiveQuery } from 'dexie-react-hooks';
import type { MessageKey } from '../i18n/messages.ts';
import type { ApiClient } from '../sync/api-client.ts';
import { NetworkError, ServerError } from '../sync/api-client.ts';
import { db as appDb, type DaibanDb, type PasswordLock } from './db.ts';
import { CommandError } from './errors.ts';
import { api as appApi } from './services.ts';
import { dataKeyOf } from './vault.ts';
import { type WrappedKey, wrapUnderPassword } from './vault-keys.ts';

/**
 * 修改密码 (docs/operations.md, "Passwords"). The server checks the current password and keeps the
 * new one. On an agent's tablet the data key is wrapped under the new password in the same step, so
 * the new password opens the tablet offline and the old one no longer does. The new wrapping is
 * written beside the old one (`next`) before the request leaves: when the answer is lost, both open
 * the tablet until the change is settled, and neither the agent nor the unsynced work is locked out.
 */

type Deps = { db: DaibanDb; api: ApiClient };
const appDeps: Deps = { db: appDb, api: appApi };

export interface PasswordChangeForm {
  currentPassword: string;
  newPassword: string;
  /** The new password typed a second time. */
  repeat: string;
}

/**
 * Changes the account's password. Refused before anything is sent: a missing current password, a
 * new one under 8 characters or equal to the current one, a repeat that differs. A refusal of the
 * server changes nothing here; a lost answer throws `error.passwordUnconfirmed` and leaves the new
 * wrapping beside the old until the same change is sent again or a password unlock settles it.
 */
export async function changePassword(form: PasswordChangeForm, { db, api }: Deps = appDeps): Promise<void> {
  const body = { currentPassword: form.currentPassword, newPassword: form.newPassword };
  const problem = passwordChangeSchema.safeParse(body).error?.issues[0];
  if (problem) throw new CommandError(problemKey(problem), 'invalid');
  if (form.repeat !== form.newPassword) throw new CommandError('error.passwordRepeat', 'invalid');
  const before = await passwordLock(db);
  const next = before && db.vault.dataKey ? await wrapUnderPassword(dataKeyOf(db), form.newPassword) : undefined;
  if (before && next) await db.lock.put({ ...before, next });
  try {
    await api.changePassword(body);
  } catch (error) {
    if (error instanceof NetworkError) throw new CommandError('error.passwordUnconfirmed', 'not_allowed');
    if (before && next) await replaceNext(db, next, before.next);
    throw error;
  }
  if (next) await settle(db, next, true);
}

/**
 * After the password opened the tablet while a change was unsettled: the server is asked whether
 * the typed password is the account's. If it is, the wrapping it opened stays and the other goes;
 * with no answer (offline, or refused) both stay. Safe to call at any time.
 */
export async function settlePendingPassword(password: string, usedNext: boolean, { db, api }: Deps = appDeps): Promise<void> {
  const next = (await passwordLock(db))?.next;
  if (!next) return;
  try {
    await api.confirmPassword({ password });
  } catch (error) {
    if (error instanceof NetworkError || error instanceof ServerError) return;
    throw error;
  }
  await settle(db, next, usedNext);
}

/** Whether a password change waits for the server's confirmation on this device (live). */
export function usePasswordChangePending(db: DaibanDb = appDb): boolean | undefined {
  return useLiveQuery(async () => (await passwordLock(db))?.next !== undefined, [db]);
}

/** Keeps the new wrapping (the server holds the new password) or the old one; `next` is gone either way. */
function settle(db: DaibanDb, next: WrappedKey, keepNew: boolean): Promise<void> {
  return endPending(db, next, (old) => (keepNew ? { id: 'password', ...next, failures: 0, waitUntil: 0 } : old));
}

/** Puts back the wrapping that waited before this change (if any), when this change is refused. */
function replaceNext(db: DaibanDb, mine: WrappedKey, earlier: WrappedKey | undefined): Promise<void> {
  return endPending(db, mine, (old) => (earlier ? { ...old, next: earlier } : old));
}

/** Replaces the password lock by `then(lock without next)`, if `mine` is still the wrapping waiting there. */
async function endPending(db: DaibanDb, mine: WrappedKey, then: (old: PasswordLock) => PasswordLock): Promise<void> {
  await db.transaction('rw', db.lock, async () => {
    const current = await passwordLock(db);
    if (!current || current.next?.salt !== mine.salt) return;
    const { next: _, ...old } = current;
    await db.lock.put(then(old));
  });
}

async function passwordLock(db: DaibanDb): Promise<PasswordLock | undefined> {
  const lock = await db.lock.get('password');
  return lock?.id === 'password' ? lock : undefined;
}

function problemKey(problem: { path: PropertyKey[]; code: string }): MessageKey {
  if (problem.path[0] === 'currentPassword') return 'error.passwordCurrentMissing';
  if (problem.code === 'too_small') return 'error.passwordTooShort';
  if (problem.code === 'too_big') return 'error.passwordTooLong';
  return 'error.passwordSame';
}

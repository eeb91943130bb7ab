import type { EnrolRequest, LoginRequest, Session, Township } from '@daiban/schemas';
import { type ApiClient, ServerError } from '../sync/api-client.ts';
import { db as appDb, type DaibanDb, signedInOf } from './db.ts';
import { CommandError } from './errors.ts';
import { getMeta, setMeta } from './meta.ts';
import { api as appApi } from './services.ts';
import { askPersistentStorage } from './storage.ts';
import { createVault, forgetVault } from './vault.ts';

/** The session of a township's person (agent, supervisor, admin): it always names their township. */
export type TownshipSession = Session & { township: Township };

/** Whether the session is a township's person's; only a county administrator's has no township. */
export function hasTownship(session: Session): session is TownshipSession {
  return session.township !== null;
}

/**
 * Signs in online and enrols this device; the session (with its token) is kept on the device. An
 * agent's tablet seals its records from the start: its vault is made with the password just checked.
 */
export async function signIn(
  request: LoginRequest,
  deps: { db: DaibanDb; api: ApiClient } = { db: appDb, api: appApi },
): Promise<Session> {
  const session = await deps.api.login(request);
  if (session.account.role === 'agent') await createVault(deps.db, request.password);
  await keepSession(deps.db, session);
  // From now on unsynced work lives on this device: ask the browser not to evict it.
  if (session.account.role === 'agent') await askPersistentStorage();
  return session;
}

/** 用登记码启用平板: enrols this device with the one-time code the township admin issued. */
export async function enrolWithCode(
  request: EnrolRequest,
  deps: { db: DaibanDb; api: ApiClient } = { db: appDb, api: appApi },
): Promise<Session> {
  const session = await deps.api.enrol(request);
  // Without a new password the tablet does not know the account's: the lock screen asks for it once.
  if (request.newPassword) await createVault(deps.db, request.newPassword);
  await keepSession(deps.db, session);
  return session;
}

async function keepSession(db: DaibanDb, session: Session): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await setMeta(db, 'session', session);
    await setMeta(db, 'signedIn', signedInOf(session));
  });
}

/**
 * Signs off: only when nothing is waiting to sync, so signing out never loses work; otherwise it
 * refuses, naming how many changes and photos wait, and deletes nothing. The server is told
 * goodbye (the enrolment ends cleanly, and it drops the key share the PIN needed) and the tablet
 * deletes its whole database: records, photos, the token and the wrapped keys.
 */
export async function signOut(deps: { db: DaibanDb; api: ApiClient } = { db: appDb, api: appApi }): Promise<void> {
  const { db } = deps;
  const changes = await db.outbox.count();
  const photos = await db.blobOutbox.count();
  if (changes + photos > 0) throw new CommandError('error.unsyncedSignOut', 'not_allowed', { changes, photos });
  // A revoked device cannot say goodbye; with nothing left to sync it may still be cleared for a new enrolment.
  await deps.api.goodbye().catch((error: unknown) => {
    if (!(error instanceof ServerError && error.reason === 'device_revoked')) throw error;
  });
  forgetVault(db);
  await db.delete({ disableAutoOpen: false });
}

/**
 * A forgotten PIN: the agent's password, checked online against this device's own enrolment.
 * Nothing on the device changes; the agent then chooses a new PIN.
 */
export async function confirmPassword(password: string, api: ApiClient = appApi): Promise<void> {
  await api.confirmPassword({ password });
}

/** The agent has read the notice about earlier enrolments of the account. */
export async function dismissPriorEnrolments(db: DaibanDb = appDb): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const session = await getMeta(db, 'session');
    if (session) await setMeta(db, 'session', { ...session, priorEnrolments: [] });
  });
}

import type { EnrolRequest, LoginRequest, Session } from '@daiban/schemas';
import { type ApiClient, ServerError } from '../sync/api-client.ts';
import { db as appDb, type DaibanDb } from './db.ts';
import { CommandError } from './errors.ts';
import { getMeta, setMeta } from './meta.ts';
import { api as appApi } from './services.ts';

/** Signs in online and enrols this device; the session (with its token) is kept on the device. */
export async function signIn(
  request: LoginRequest,
  deps: { db: DaibanDb; api: ApiClient } = { db: appDb, api: appApi },
): Promise<Session> {
  const session = await deps.api.login(request);
  await setMeta(deps.db, 'session', session);
  return session;
}

/** 用登记码启用平板: enrols this device with the one-time code the township admin issued. */
export async function enrolWithCode(
  request: EnrolRequest,
  deps: { db: DaibanDb; api: ApiClient } = { db: appDb, api: appApi },
): Promise<Session> {
  const session = await deps.api.enrol(request);
  await setMeta(deps.db, 'session', session);
  return session;
}

/**
 * Signs off: only when nothing is waiting to sync, so signing out never loses work. The server
 * is told goodbye (the enrolment ends cleanly) and this device forgets the village's records.
 */
export async function signOut(deps: { db: DaibanDb; api: ApiClient } = { db: appDb, api: appApi }): Promise<void> {
  const { db } = deps;
  const waiting = (await db.outbox.count()) + (await db.blobs.where('uploaded').equals(0).count());
  if (waiting > 0) throw new CommandError('error.unsyncedSignOut', 'not_allowed', { count: waiting });
  // A revoked device cannot say goodbye; with nothing left to sync it may still be cleared for a new enrolment.
  await deps.api.goodbye().catch((error: unknown) => {
    if (!(error instanceof ServerError && error.reason === 'device_revoked')) throw error;
  });
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
  });
}

/** The agent has read the notice about earlier enrolments of the account. */
export async function dismissPriorEnrolments(db: DaibanDb = appDb): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const session = await getMeta(db, 'session');
    if (session) await setMeta(db, 'session', { ...session, priorEnrolments: [] });
  });
}

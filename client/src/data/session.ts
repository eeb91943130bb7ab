import type { LoginRequest, Session } from '@daiban/schemas';
import type { ApiClient } from '../sync/api-client.ts';
import { db as appDb, type DaibanDb } from './db.ts';
import { setMeta } from './meta.ts';
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

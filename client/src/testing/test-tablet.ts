import { DEMO_PASSWORDS } from '@daiban/sync-server/testing';
import { makeCommands } from '../data/commands.ts';
import { DaibanDb } from '../data/db.ts';
import { deviceToken } from '../data/meta.ts';
import { signIn } from '../data/session.ts';
import { type ApiClient, createApiClient } from '../sync/api-client.ts';

export interface TestTablet {
  db: DaibanDb;
  api: ApiClient;
  commands: ReturnType<typeof makeCommands>;
}

let counter = 0;

/** A tablet: its own IndexedDB (fake-indexeddb), the real API client, the real commands. */
export function newTablet(baseUrl: string, wrapApi: (api: ApiClient) => ApiClient = (a) => a): TestTablet {
  const db = new DaibanDb(`tablet-${Date.now()}-${counter++}`);
  const api = wrapApi(createApiClient({ baseUrl, token: () => deviceToken(db) }));
  return { db, api, commands: makeCommands(db) };
}

export async function signedInTablet(baseUrl: string, username: string, wrapApi?: (api: ApiClient) => ApiClient) {
  const tablet = newTablet(baseUrl, wrapApi);
  await signIn({ username, password: DEMO_PASSWORDS.agent, deviceName: 'vitest tablet' }, tablet);
  return tablet;
}

/**
 * The same tablet after the app was closed and started again: the same database, opened anew, its
 * vault locked. `baseUrl` may name a server that is not there (a tablet without the township link).
 */
export function reopenedTablet(tablet: TestTablet, baseUrl: string): TestTablet {
  tablet.db.close();
  const db = new DaibanDb(tablet.db.name);
  const api = createApiClient({ baseUrl, token: () => deviceToken(db) });
  return { db, api, commands: makeCommands(db) };
}

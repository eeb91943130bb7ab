import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type Session } from '@daiban/schemas';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from '../app.ts';
import { type Db, type Dialect, getAccountByUsername, openDb } from '../db/index.ts';
import { openPostgres } from '../db/postgres.ts';
import { loadOrCreateLedgerKey } from '../ledger/head-signing.ts';
import { DEMO_PASSWORDS, seedDemo } from '../seed/seed-demo.ts';
import { FileBlobStore } from '../sync/blob-store.ts';
import { createTestDatabase, shareTestCluster } from './postgres-cluster.ts';

export { DEMO_PASSWORDS };

export interface TestServer {
  url: string;
  db: Db;
  /** The ledger's postgres:// URL when it is on PostgreSQL (TEST_ENGINE), undefined for the SQLite file in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The server's clock: the test's `now` when it gave one, the machine's otherwise. Fixtures take it. */
  now(): Date;
  /** The ledger signing key the server signs chain heads with (outside `dataDir`, as in production). */
  ledgerKeyFile: string;
  /** Signs in over HTTP and returns the session (device token included). */
  login(username: string, password?: string): Promise<Session>;
  /** fetch against the server with the protocol header (and the token, when given). */
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

let template: Promise<string> | undefined;
let pgTemplate: Promise<string> | undefined;

/**
 * The engine the tests' servers run on: `DAIBAN_TEST_DB=postgres` puts every test server's ledger on
 * a throwaway PostgreSQL cluster (`npm run test:server:pg`), SQLite otherwise.
 */
export const TEST_ENGINE: Dialect = process.env.DAIBAN_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
let keyFile: string | undefined;

/** One ledger signing key per test process, in its own directory: never inside a ledger's data directory. */
function testLedgerKeyFile(): string {
  if (!keyFile) {
    const dir = mkdtempSync(join(tmpdir(), 'daiban-key-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    keyFile = join(dir, 'ledger-signing-key.pem');
  }
  return keyFile;
}

/** Hand the seeded ledgers the run's global setup made (shareSeededLedgers) to every test process. */
const SEEDED_LEDGER = 'DAIBAN_TEST_SEEDED_LEDGER';
const SEEDED_PG = 'DAIBAN_TEST_SEEDED_PG';

/**
 * Makes the seeded ledgers once for a whole test run, in vitest's global setup (global-setup.ts), and
 * hands them to the test processes: seeding takes about 1.7 s and a PostgreSQL cluster several more,
 * which every test file would otherwise pay again.
 */
export async function shareSeededLedgers(): Promise<void> {
  // Each project's global setup calls this, in the one process that starts the test processes.
  if (process.env[SEEDED_LEDGER]) return;
  process.env[SEEDED_LEDGER] = await seededTemplate();
  if (TEST_ENGINE !== 'postgres') return;
  await shareTestCluster();
  process.env[SEEDED_PG] = await seededPgTemplate();
}

/**
 * A ledger with the demo township already seeded: the run's (shareSeededLedgers), or made once per
 * test process: seeding hashes every demo password with scrypt, which would otherwise cost seconds
 * per test.
 */
async function seededTemplate(): Promise<string> {
  const shared = process.env[SEEDED_LEDGER];
  if (shared) return shared;
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daiban-template-'));
    const db = openDb(dir);
    await seedDemo(db);
    await db.close();
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return join(dir, 'ledger.sqlite');
  })();
  return template;
}

/** The seeded demo township in a PostgreSQL database, the run's or made once per test process, copied for each server. */
function seededPgTemplate(): Promise<string> {
  const shared = process.env[SEEDED_PG];
  if (shared) return Promise.resolve(shared);
  pgTemplate ??= (async () => {
    const url = await createTestDatabase();
    const db = await openPostgres(url);
    await seedDemo(db);
    await db.close();
    return url;
  })();
  return pgTemplate;
}

/**
 * The test server's ledger: the PostgreSQL database at `databaseUrl` when given (a restored dump), else
 * a fresh copy of the seeded template on `engine`; on SQLite, the file in `dataDir` when there is one.
 */
async function freshLedger(
  dataDir: string,
  given: boolean,
  engine: Dialect,
  databaseUrl: string | undefined,
): Promise<{ db: Db; databaseUrl?: string }> {
  if (databaseUrl) return { db: await openPostgres(databaseUrl), databaseUrl };
  if (engine === 'postgres') {
    if (given) throw new Error('a given data directory holds a SQLite ledger: this test runs on SQLite only');
    const url = await createTestDatabase({ copyOf: await seededPgTemplate() });
    return { db: await openPostgres(url), databaseUrl: url };
  }
  if (!existsSync(join(dataDir, 'ledger.sqlite'))) copyFileSync(await seededTemplate(), join(dataDir, 'ledger.sqlite'));
  return { db: openDb(dataDir) };
}

/**
 * A real server on 127.0.0.1 with a real ledger (SQLite file, or PostgreSQL database, see TEST_ENGINE;
 * `engine` chooses for one test) in a fresh temporary directory, or in `dataDir` when given (a restored
 * backup, say); `databaseUrl` serves an existing PostgreSQL database (a restored dump).
 */
export async function startTestServer(
  options: {
    now?: () => Date;
    minProtocolVersion?: number;
    dataDir?: string;
    databaseUrl?: string;
    engine?: Dialect;
    staticDir?: string;
    unreferencedBlobQuota?: number;
  } = {},
): Promise<TestServer> {
  const { dataDir: given, databaseUrl: existing, engine = TEST_ENGINE, ...appOptions } = options;
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'daiban-test-'));
  const { db, databaseUrl } = await freshLedger(dataDir, given !== undefined, engine, existing);
  const now = appOptions.now ?? (() => new Date());
  const ledgerKeyFile = testLedgerKeyFile();
  const ledgerKey = loadOrCreateLedgerKey(ledgerKeyFile);
  const app = createApp({ db, blobs: new FileBlobStore(join(dataDir, 'blobs')), version: 'test', ...appOptions, now, ledgerKey });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;

  const api: TestServer['api'] = (path, init = {}) => {
    const { token, headers, ...rest } = init;
    return fetch(`${url}${path}`, {
      ...rest,
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(rest.body && typeof rest.body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...(headers as Record<string, string>),
      },
    });
  };

  return {
    url,
    db,
    databaseUrl,
    dataDir,
    now,
    ledgerKeyFile,
    api,
    async login(username, password) {
      const role = (await getAccountByUsername(db, username))?.role ?? 'agent';
      const res = await api('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username, password: password ?? DEMO_PASSWORDS[role], deviceName: 'test tablet' }),
      });
      if (res.status !== 201) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as Session;
    },
    /** Stops the server and deletes its files; safe to call twice. */
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

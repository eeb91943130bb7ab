import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgres } from '../db/postgres.ts';

/**
 * A throwaway PostgreSQL cluster: started on first use, once per process, in a temporary directory
 * on a free port, and gone (server stopped, directory deleted) when the process ends, however it
 * ends. The tests' cluster has durability switched off (nothing there must survive a crash); the
 * benchmarks' keeps it on (`DURABLE`), as a county server would run.
 */
interface Cluster {
  port: number;
  /** Databases are copied from this one, already migrated (a copy takes milliseconds, migrating far longer). */
  template: string;
  created: number;
}

/** Tests: every commit stays in memory until the OS writes it; a crash may lose or corrupt the cluster. */
const THROWAWAY = [
  ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  ...['-c', 'shared_buffers=32MB', '-c', 'max_connections=200'],
];

/**
 * Benchmarks: PostgreSQL 15's defaults for durability — fsync=on, synchronous_commit=on (a commit is
 * acknowledged once its WAL is flushed to disk), full_page_writes=on, wal_sync_method as the
 * platform's default (fdatasync on Linux). Only memory and checkpoint spacing are set as a county
 * server would set them: shared_buffers=512MB (the default 128MB is sized for small machines) and
 * max_wal_size=4GB (checkpoints every few GB of WAL rather than every 1GB: fewer full-page images,
 * the same durability).
 */
const DURABLE = [
  ...['-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'full_page_writes=on'],
  ...['-c', 'shared_buffers=512MB', '-c', 'max_wal_size=4GB', '-c', 'max_connections=100'],
];

const DEBIAN_BINDIR = '/usr/lib/postgresql/15/bin';
const INSTALL = 'apt-get install -y --no-install-recommends postgresql-15';
const TEMPLATE = 'daiban_template';
const STARTUP_MS = 30_000;

let cluster: Promise<Cluster> | undefined;
let durableCluster: Promise<Cluster> | undefined;

/** Hands the test cluster a run's global setup started (shareTestCluster) to every test process: its port. */
const SHARED_PORT = 'DAIBAN_TEST_PG_PORT';

/**
 * A new database on the test cluster, with the ledger's schema and no rows (or with nothing at all,
 * `migrated: false`; or a copy of the database at `copyOf`, a URL this function gave and nobody
 * holds open): its URL.
 */
export async function createTestDatabase({
  migrated = true,
  copyOf,
}: {
  migrated?: boolean;
  copyOf?: string;
} = {}): Promise<string> {
  cluster ??= sharedCluster() ?? startCluster(THROWAWAY);
  return createDatabase(await cluster, { migrated, copyOf });
}

/**
 * Starts the test cluster in vitest's global setup, for every test process of the run to share
 * (one initdb and one migration per run, not per test file); it stops when the run ends.
 */
export async function shareTestCluster(): Promise<void> {
  cluster ??= startCluster(THROWAWAY);
  process.env[SHARED_PORT] = String((await cluster).port);
}

/** The cluster the run's global setup started, if it did. */
function sharedCluster(): Promise<Cluster> | undefined {
  const port = process.env[SHARED_PORT];
  return port ? Promise.resolve({ port: Number(port), template: TEMPLATE, created: 0 }) : undefined;
}

/**
 * A new database on the benchmarks' cluster (durable: fsync and synchronous commit on), migrated,
 * or a copy of `copyOf` (a URL this function gave and nobody holds open): its URL.
 */
export async function createBenchDatabase({ copyOf }: { copyOf?: string } = {}): Promise<string> {
  durableCluster ??= startCluster(DURABLE);
  return createDatabase(await durableCluster, { migrated: true, copyOf });
}

async function createDatabase(running: Cluster, { migrated, copyOf }: { migrated: boolean; copyOf?: string | undefined }) {
  running.created += 1;
  // Test processes share a cluster: each one's databases carry its process id.
  const name = `test_${process.pid}_${running.created}`;
  const template = copyOf ? new URL(copyOf).pathname.slice(1) : migrated ? running.template : 'template0';
  await withAdmin(running.port, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return databaseUrl(running.port, name);
}

/** Drops a database `createBenchDatabase` gave (a copy of a big ledger takes gigabytes). */
export async function dropBenchDatabase(url: string): Promise<void> {
  if (!durableCluster) return;
  const running = await durableCluster;
  await withAdmin(running.port, (admin) => admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)}`));
}

function databaseUrl(port: number, database: string): string {
  return `postgres://postgres@127.0.0.1:${port}/${database}`;
}

async function withAdmin<T>(port: number, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: databaseUrl(port, 'postgres') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** The path of one of PostgreSQL's programs (psql, pg_dump, pg_restore) of the installation the tests use. */
export function postgresProgram(name: string): string {
  return join(binDir(), name);
}

function binDir(): string {
  if (existsSync(join(DEBIAN_BINDIR, 'initdb'))) return DEBIAN_BINDIR;
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch {
    // No pg_config either: PostgreSQL is not installed.
  }
  throw new Error(`PostgreSQL is not installed (no ${DEBIAN_BINDIR}/initdb, no pg_config). As root: ${INSTALL}`);
}

/** initdb and postgres refuse to run as root: then they run as Debian's `postgres` user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error('Running as root, and there is no `postgres` user to run PostgreSQL as (Debian’s package creates it)');
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startCluster(settings: string[]): Promise<Cluster> {
  const bin = binDir();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'daiban-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  try {
    execFileSync(
      join(bin, 'initdb'),
      ['-D', data, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C', '--no-sync'],
      { ...user, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(error as { stderr?: Buffer }).stderr?.toString() ?? error}`);
  }
  const port = await freePort();
  const server = [
    join(bin, 'postgres'),
    ...['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'],
    ...settings,
  ];
  // A shell runs the server and, in the background, waits for its own stdin to close, which happens
  // when this process ends (even by SIGKILL): then it stops the server at once (SIGQUIT). When the
  // server has stopped, for that or any reason, the shell deletes the directory and exits.
  // (A background job's stdin is /dev/null, hence the copy on fd 3.)
  const guard = spawn(
    'sh',
    [
      '-c',
      `trap '' INT; exec 3<&0; "$@" & server=$!; (read -r _ <&3; kill -QUIT "$server" 2>/dev/null) & wait "$server"; rm -rf "$DIR"`,
      'guard',
      ...server,
    ],
    { ...user, cwd: dir, env: { ...process.env, DIR: dir }, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let output = '';
  guard.stderr?.setEncoding('utf8').on('data', (text: string) => {
    output = (output + text).slice(-20_000);
  });
  guard.unref();
  (guard.stdin as Socket).unref();
  (guard.stderr as Socket).unref();
  await ready(port, guard, () => output);
  await withAdmin(port, (admin) => admin.query(`CREATE DATABASE ${TEMPLATE}`));
  const migrated = await openPostgres(databaseUrl(port, TEMPLATE));
  // A template must have no connection open while it is copied.
  await migrated.close();
  return { port, template: TEMPLATE, created: 0 };
}

/** Resolves once the server accepts connections; rejects with its log if it stops or never does. */
async function ready(port: number, guard: ChildProcess, log: () => string): Promise<void> {
  const started = performance.now();
  const failure = (why: string) => new Error(`PostgreSQL ${why}:\n${log()}`);
  for (;;) {
    if (guard.exitCode !== null) throw failure('stopped while starting');
    try {
      await withAdmin(port, (admin) => admin.query('SELECT 1'));
      return;
    } catch (error) {
      if (performance.now() - started > STARTUP_MS) throw failure(`did not start in ${STARTUP_MS / 1000} s (${error})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

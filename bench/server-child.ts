// The township server as its own process for the benchmarks (the one `npm start` runs), so the
// load generator does not share its event loop, and a CPU profile covers the server alone.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type Session } from '@daiban/schemas';
import { demoLogins } from '../sync-server/src/seed/seed-demo.ts';
import { cpuMsOf } from './process-cpu.ts';

const MAIN = fileURLToPath(new URL('../sync-server/src/main.ts', import.meta.url));

/** Where the server keeps the ledger: its SQLite file (the default) or PostgreSQL (`DATABASE_URL`). */
export type Engine = 'sqlite' | 'postgres';

/** The figures' names as measured on `engine`: `_pg` after those measured on PostgreSQL. */
export function onEngine(figures: Record<string, number>, engine: Engine): Record<string, number> {
  return engine === 'sqlite'
    ? figures
    : Object.fromEntries(Object.entries(figures).map(([name, value]) => [`${name}_pg`, value]));
}

export type ServerChild = { url: string; cpuMs: () => number; stop: () => Promise<void> };

/**
 * Starts the server on a free loopback port with its ledger under `dataDir`, or on PostgreSQL at
 * `databaseUrl` (photos and the ledger key still under `dataDir`). `BENCH_CPU_PROF=<dir>` writes a
 * V8 CPU profile of the server there when it stops.
 */
export async function startServerChild(dataDir: string, databaseUrl?: string): Promise<ServerChild> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const child = spawn(
    process.execPath,
    [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', MAIN],
    {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        // Empty: the SQLite file in DATA_DIR, whatever the shell running the benchmarks has set.
        DATABASE_URL: databaseUrl ?? '',
        LOG_FILE: '/dev/null',
        STATIC_DIR: join(dataDir, 'no-client'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', () => reject(new Error(`server exited before listening: ${out}`)));
  });
  child.stdout.resume();
  return {
    url,
    cpuMs: () => cpuMsOf(child.pid!),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function apiHeaders(token?: string): Record<string, string> {
  return {
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

/** Signs in `devices` tablets, spread over every demo agent account (so over the ten villages). */
export async function signInDevices(url: string, devices: number): Promise<Session[]> {
  const agents = demoLogins().filter((l) => l.role === 'agent');
  const sessions: Session[] = [];
  for (let i = 0; i < devices; i++) {
    const agent = agents[i % agents.length]!;
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: apiHeaders(),
      body: JSON.stringify({ username: agent.username, password: agent.password, deviceName: `bench-${i}` }),
    });
    if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    sessions.push((await res.json()) as Session);
  }
  return sessions;
}

/**
 * Pushes one serialised batch and checks every mutation was applied. A connection the server
 * closed as idle just as it was reused (keep-alive race) is retried, as a tablet would: a push is
 * idempotent, a repeat is answered as the first time.
 */
export async function pushAll(url: string, token: string, body: string, expected: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${url}/api/sync/push`, { method: 'POST', headers: apiHeaders(token), body });
      const answer = (await res.json()) as { results?: { outcome: string }[] };
      const applied = answer.results?.filter((r) => r.outcome === 'applied').length;
      if (res.status !== 200 || applied !== expected) {
        throw new Error(`push failed: ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
      }
      return;
    } catch (error) {
      const reset = (error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET';
      if (!reset || attempt === 3) throw error;
    }
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type PullResponse, type Session } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDbReadOnly, verifyLedger } from './db/index.ts';
import { FakeTablet } from './testing/fixtures.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let dir: string;
let child: ChildProcess;
let base: string;
let exited: Promise<number | null>;

/** Starts the real server process (`npm start` without the client build) on a free port. */
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-main-'));
  child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: join(dir, 'data'),
      LOG_FILE: join(dir, 'server.log'),
      STATIC_DIR: join(dir, 'none'),
      // Half a MiB, so one test photo fits and a second does not.
      UNREFERENCED_BLOB_QUOTA_MB: '0.5',
    },
  });
  exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', () => reject(new Error(`server exited: ${out}`)));
  });
}, 30_000);
afterEach(() => {
  child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const headers = (token?: string) => ({
  [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

async function signIn(): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ username: 'dxg-agent', password: 'daiban-agent', deviceName: 'tablet' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Session;
}

describe('the server process', () => {
  it('logs every request as a JSON line by route pattern, with no villager’s name, ID number, phone or token', async () => {
    const session = await signIn();
    const tablet = new FakeTablet(session, () => new Date());
    const applicant = tablet.applicant({ name: '欧阳翠英', phone: '13973712345' });
    const item = ((await (await fetch(`${base}/api/sync/pull`, { headers: headers(session.token) })).json()) as PullResponse)
      .serviceItems[0]!;
    const opened = tablet.openedCase(applicant, item);
    const push = await fetch(`${base}/api/sync/push`, {
      method: 'POST',
      headers: headers(session.token),
      body: JSON.stringify({
        mutations: [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)],
      }),
    });
    expect(push.status).toBe(200);
    const bad = await fetch(`${base}/api/sync/push`, {
      method: 'POST',
      headers: headers(session.token),
      body: JSON.stringify({
        mutations: [{ ...tablet.mutation('applicant.register', applicant), payload: { name: '欧阳翠英' } }],
      }),
    });
    expect(bad.status).toBe(400);
    expect((await fetch(`${base}/api/cases/${opened.id}`, { headers: headers(session.token) })).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const log = readFileSync(join(dir, 'server.log'), 'utf8');
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.route === '/api/sync/push').map((l) => l.status)).toEqual([200, 400]);
    expect(lines.find((l) => l.route === '/api/cases/:id')).toMatchObject({ status: 200, device: session.device.id });
    for (const secret of [applicant.name, applicant.idNumber, applicant.phone!, session.token, opened.id]) {
      expect(log).not.toContain(secret);
    }
  });

  it('takes the per-device quota of photo bytes no case references from UNREFERENCED_BLOB_QUOTA_MB', async () => {
    const session = await signIn();
    const upload = (bytes: Buffer) =>
      fetch(`${base}/api/blobs/${createHash('sha256').update(bytes).digest('hex')}/chunks?offset=0&total=${bytes.length}`, {
        method: 'PUT',
        headers: { ...headers(session.token), 'content-type': 'image/jpeg' },
        body: new Uint8Array(bytes),
      });
    expect((await upload(Buffer.alloc(300_000, 1))).status).toBe(200);
    const refused = await upload(Buffer.alloc(300_000, 2));
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { reason: string; message: string } }).error).toMatchObject({
      reason: 'blob_quota_exceeded',
      message: expect.stringMatching(/quota of 0\.5 MiB/),
    });
  });

  it('on SIGTERM finishes the upload in flight, refuses nothing half-done and closes the database cleanly', async () => {
    const session = await signIn();
    const bytes = Buffer.from(new Uint8Array(300_000).map((_, i) => (i * 11) % 251));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const upload = new Promise<number>((resolve, reject) => {
      const req = request(`${base}/api/blobs/${sha256}/chunks?offset=0&total=${bytes.length}`, {
        method: 'PUT',
        headers: { ...headers(session.token), 'content-type': 'image/jpeg', 'content-length': bytes.length },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(bytes.subarray(0, 100_000));
      // The signal arrives while the body is still coming over a slow link.
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(bytes.subarray(100_000)), 300);
      }, 300);
    });
    expect(await upload).toBe(200);
    expect(await exited).toBe(0);

    const dataDir = join(dir, 'data');
    // A clean close checkpoints the write-ahead log into the database file.
    const wal = join(dataDir, 'ledger.sqlite-wal');
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const db = openDbReadOnly(dataDir);
    try {
      expect((await verifyLedger(db)).ok).toBe(true);
      expect(await db.get('SELECT size FROM blobs WHERE sha256 = ?', sha256)).toEqual({ size: bytes.length });
    } finally {
      await db.close();
    }
    expect(readFileSync(join(dataDir, 'blobs', sha256.slice(0, 2), sha256)).equals(bytes)).toBe(true);
  });
});

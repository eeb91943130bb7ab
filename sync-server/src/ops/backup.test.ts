import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PullResponse, ServiceItem, Session } from '@daiban/schemas';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Dialect, openDbReadOnly, openLedgerReadOnly, verifyLedger } from '../db/index.ts';
import { headSignatureValid, publicKeyFileOf } from '../ledger/head-signing.ts';
import { dbChecksum } from '../testing/db-checksum.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { createTestDatabase, postgresProgram } from '../testing/postgres-cluster.ts';
import { startTestServer, TEST_ENGINE, type TestServer } from '../testing/test-server.ts';
import type { BackupManifest } from './backup.ts';

const cli = (name: 'backup' | 'restore' | 'ledger') => fileURLToPath(new URL(`../cli/${name}.ts`, import.meta.url));

/** Runs one of the CLIs in its own process, as an operator would, while the server keeps serving. */
function run(
  name: 'backup' | 'restore',
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli(name), ...args], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A recognisable "photo": its bytes depend on n, so a damaged copy is easy to find and to detect. */
const photo = (n: number) => Buffer.from(new Uint8Array(40_000).map((_, i) => (i * 7 + n * 13) % 251));

let server: TestServer;
let agent: Session;
let tablet: FakeTablet;
let item: ServiceItem;
let work: string;
const others: TestServer[] = [];

/** The server the cases are pushed to, with a signed-in agent's tablet. */
async function startTownship(engine: Dialect = TEST_ENGINE) {
  server = await startTestServer({ engine });
  agent = await server.login('dxg-agent');
  tablet = new FakeTablet(agent, server.now);
  item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
}

beforeEach(async () => {
  await startTownship();
  work = mkdtempSync(join(tmpdir(), 'daiban-backup-'));
});
afterEach(async () => {
  await Promise.all([server, ...others.splice(0)].map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

/** A villager's case with one photo, uploaded and pushed as a tablet does. */
async function caseWithPhoto(n: number) {
  const bytes = photo(n);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const put = await server.api(`/api/blobs/${sha256}/chunks?offset=0&total=${bytes.length}`, {
    method: 'PUT',
    token: agent.token,
    body: bytes,
    headers: { 'content-type': 'image/jpeg' },
  });
  expect(put.status).toBe(200);
  const applicant = tablet.applicant({ name: `备份测试${n}` });
  const opened = tablet.openedCase(applicant, item);
  const attachment = { sha256, size: bytes.length, mime: 'image/jpeg' as const, addedAt: server.now().toISOString() };
  opened.materials[0] = { ...opened.materials[0]!, status: 'collected', attachments: [attachment] };
  const mutations = [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)];
  const res = await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
  expect(res.status).toBe(200);
}

async function pullAll(target: TestServer, token: string): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  let cursor = 0;
  for (;;) {
    const page = (await (await target.api(`/api/sync/pull?cursor=${cursor}&limit=50`, { token })).json()) as PullResponse;
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) return pages;
  }
}

const eventsOf = async (dataDir: string) => {
  const db = openDbReadOnly(dataDir);
  try {
    return (await db.all('SELECT seq, hash FROM events ORDER BY seq')) as { seq: number; hash: string }[];
  } finally {
    await db.close();
  }
};

// These commands read and write the SQLite ledger file; a PostgreSQL ledger is backed up with pg_dump.
describe.skipIf(TEST_ENGINE === 'postgres')('npm run backup / npm run restore', () => {
  it('backs up while devices keep pushing: the restored ledger verifies and is the live ledger up to the backup’s moment', async () => {
    for (let n = 0; n < 5; n++) await caseWithPhoto(n);
    let writing = true;
    const writer = (async () => {
      let n = 100;
      while (writing) await caseWithPhoto(n++);
      return n - 100;
    })();
    const file = join(work, 'township.tar');
    const backup = await run('backup', ['--data-dir', server.dataDir, '--out', file]);
    writing = false;
    const writtenDuring = await writer;
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/备份完成/);
    expect(writtenDuring).toBeGreaterThan(0);

    const restoredDir = join(work, 'restored');
    const restore = await run('restore', ['--from', file, '--data-dir', restoredDir]);
    expect(restore.code, restore.out).toBe(0);
    const restored = await eventsOf(restoredDir);
    const live = await eventsOf(server.dataDir);
    expect(restored.length).toBeGreaterThan(10);
    expect(live.slice(0, restored.length)).toEqual(restored);
    const db = openDbReadOnly(restoredDir);
    try {
      expect((await verifyLedger(db)).ok).toBe(true);
      const refs = (await db.all('SELECT DISTINCT sha256 FROM case_blobs')) as { sha256: string }[];
      expect(refs.length).toBeGreaterThanOrEqual(5);
      for (const { sha256 } of refs) {
        const bytes = readFileSync(join(restoredDir, 'blobs', sha256.slice(0, 2), sha256));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
      }
    } finally {
      await db.close();
    }
  });

  it('puts the ledger head, signed with the township key, in the manifest', async () => {
    await caseWithPhoto(1);
    const file = join(work, 'signed.tar');
    process.env.LEDGER_KEY_FILE = server.ledgerKeyFile;
    try {
      const made = await run('backup', ['--data-dir', server.dataDir, '--out', file]);
      expect(made.code, made.out).toBe(0);
      expect(made.out).toMatch(/链头签名/);
    } finally {
      delete process.env.LEDGER_KEY_FILE;
    }
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    await tar.x({ file, cwd: unpacked }, ['manifest.json']);
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.ledgerHead).toMatchObject({ seq: manifest.head });
    const publicKey = readFileSync(publicKeyFileOf(server.ledgerKeyFile), 'utf8');
    expect(headSignatureValid(publicKey, manifest.ledgerHead!)).toBe(true);
    expect(headSignatureValid(publicKey, { ...manifest.ledgerHead!, seq: manifest.head - 1 })).toBe(false);
  });

  it('a restored server answers pulls and blob reads exactly as the original does', async () => {
    for (let n = 0; n < 8; n++) await caseWithPhoto(n);
    const file = join(work, 'township.tar');
    expect((await run('backup', ['--data-dir', server.dataDir, '--out', file])).code).toBe(0);
    const restoredDir = join(work, 'restored');
    expect((await run('restore', ['--from', file, '--data-dir', restoredDir])).code).toBe(0);
    const twin = await startTestServer({ dataDir: restoredDir });
    others.push(twin);

    const [before, after] = await Promise.all([await pullAll(server, agent.token), await pullAll(twin, agent.token)]);
    expect(after).toEqual(before);
    const sha256 = createHash('sha256').update(photo(3)).digest('hex');
    const blob = await twin.api(`/api/blobs/${sha256}`, { token: agent.token });
    expect(Buffer.from(await blob.arrayBuffer()).equals(photo(3))).toBe(true);
  });

  it('refuses to restore over an existing ledger, or a damaged backup, and leaves nothing half restored', async () => {
    for (let n = 0; n < 3; n++) await caseWithPhoto(n);
    const file = join(work, 'township.tar');
    expect((await run('backup', ['--data-dir', server.dataDir, '--out', file])).code).toBe(0);

    const overExisting = await run('restore', ['--from', file, '--data-dir', server.dataDir]);
    expect(overExisting.code).toBe(1);
    expect(overExisting.out).toMatch(/已有台账/);

    // One byte of a photo changed inside the archive: tar still unpacks it, the SHA-256 check does not pass.
    const archive = readFileSync(file);
    const at = archive.indexOf(photo(1).subarray(1000, 1064));
    expect(at).toBeGreaterThan(0);
    archive[at] = (archive[at]! + 1) % 256;
    const damaged = join(work, 'damaged.tar');
    writeFileSync(damaged, archive);
    const target = join(work, 'target');
    const refused = await run('restore', ['--from', damaged, '--data-dir', target]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/缺少或损坏/);
    expect(existsSync(join(target, 'ledger.sqlite'))).toBe(false);
    expect(existsSync(join(target, 'blobs'))).toBe(false);

    const truncated = join(work, 'truncated.tar');
    writeFileSync(truncated, readFileSync(file).subarray(0, 3000));
    const cut = await run('restore', ['--from', truncated, '--data-dir', target]);
    expect(cut.code).toBe(1);
    expect(existsSync(join(target, 'ledger.sqlite'))).toBe(false);

    expect((await run('backup', ['--data-dir', server.dataDir])).code).toBe(2);
  });
});

/** One of PostgreSQL's client programs, as the operator runs it (docs/operations.md, PostgreSQL). */
function postgres(program: 'pg_dump' | 'pg_restore', ...args: string[]) {
  const result = spawnSync(postgresProgram(program), args, { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

describe('a PostgreSQL ledger backed up with pg_dump and restored with pg_restore', () => {
  beforeEach(async () => {
    await server.close();
    await startTownship('postgres');
  });

  it('npm run backup and npm run restore refuse it and point at pg_dump, pg_restore and the docs', async () => {
    const env = { DATABASE_URL: server.databaseUrl };
    const file = join(work, 'township.tar');
    const backup = await run('backup', ['--data-dir', server.dataDir, '--out', file], env);
    expect(backup.code).toBe(1);
    expect(backup.out).toContain('use pg_dump -Fc and copy the photo directory, see docs/operations.md');
    expect(existsSync(file)).toBe(false);
    const restore = await run('restore', ['--from', file, '--data-dir', join(work, 'restored')], env);
    expect(restore.code).toBe(1);
    expect(restore.out).toContain('use pg_restore and copy the photo directory, see docs/operations.md');
  });

  it('restores into an empty database a ledger that verifies, has the same checksum, and serves the same cases and photos', async () => {
    for (let n = 0; n < 4; n++) await caseWithPhoto(n);
    const dump = join(work, 'daiban.pgdump');
    postgres('pg_dump', '-Fc', '-f', dump, server.databaseUrl!);
    const restoredDir = join(work, 'restored');
    cpSync(join(server.dataDir, 'blobs'), join(restoredDir, 'blobs'), { recursive: true });
    const restoredUrl = await createTestDatabase({ migrated: false });
    postgres('pg_restore', '--no-owner', '--exit-on-error', '-d', restoredUrl, dump);

    const verify = spawnSync(process.execPath, ['--import', 'tsx', cli('ledger'), 'verify'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: restoredUrl },
    });
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/台账完整/);
    const restored = await openLedgerReadOnly({ dataDir: restoredDir, databaseUrl: restoredUrl });
    try {
      expect((await verifyLedger(restored)).events).toBeGreaterThan(8);
      expect(await dbChecksum(restored)).toBe(await dbChecksum(server.db));
    } finally {
      await restored.close();
    }

    const twin = await startTestServer({ dataDir: restoredDir, databaseUrl: restoredUrl });
    others.push(twin);
    const [before, after] = [await pullAll(server, agent.token), await pullAll(twin, agent.token)];
    expect(after.flatMap((page) => page.cases)).toHaveLength(4);
    expect(after).toEqual(before);
    const sha256 = createHash('sha256').update(photo(2)).digest('hex');
    const blob = await twin.api(`/api/blobs/${sha256}`, { token: agent.token });
    expect(Buffer.from(await blob.arrayBuffer()).equals(photo(2))).toBe(true);
  });
});

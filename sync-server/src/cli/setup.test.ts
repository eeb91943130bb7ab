import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CountyOverview } from '@daiban/schemas';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openLedger, verifyLedger } from '../db/index.ts';
import { dbChecksum } from '../testing/db-checksum.ts';
import { createTestDatabase } from '../testing/postgres-cluster.ts';
import { startTestServer, TEST_ENGINE, type TestServer } from '../testing/test-server.ts';

const CLI = fileURLToPath(new URL('./setup.ts', import.meta.url));

/** Where the ledger is: a data directory, and the PostgreSQL database when the tests run on it. */
interface Ledger {
  dataDir: string;
  databaseUrl: string | undefined;
}

const opened: { servers: TestServer[]; dbs: Db[]; dirs: string[] } = { servers: [], dbs: [], dirs: [] };
afterEach(async () => {
  for (const db of opened.dbs.splice(0)) await db.close();
  for (const server of opened.servers.splice(0)) await server.close();
  for (const dir of opened.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An empty ledger, as on a new server: no file yet on SQLite, an empty (migrated) database on PostgreSQL. */
async function emptyLedger(): Promise<Ledger> {
  const dataDir = mkdtempSync(join(tmpdir(), 'daiban-setup-'));
  opened.dirs.push(dataDir);
  return { dataDir, databaseUrl: TEST_ENGINE === 'postgres' ? await createTestDatabase() : undefined };
}

/** The command as an operator runs it, with the server's DATA_DIR or DATABASE_URL. */
const setup = (ledger: Ledger, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: ledger.dataDir, DATABASE_URL: ledger.databaseUrl ?? '' },
  });

/** The printed initial password, checked to be printed once and to nowhere else. */
function passwordOf(run: ReturnType<typeof setup>): string {
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  const password = /initial password\): (\S+)/.exec(run.stdout)?.[1] ?? '';
  expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  expect(run.stdout.split(password)).toHaveLength(2);
  return password;
}

/** `npm start` on the ledger the command wrote. */
async function serve(ledger: Ledger): Promise<TestServer> {
  const server = await startTestServer(ledger.databaseUrl ? { databaseUrl: ledger.databaseUrl } : { dataDir: ledger.dataDir });
  opened.servers.push(server);
  return server;
}

const COUNTY = [
  'county',
  '--code',
  'ylx',
  '--name',
  '云岭县',
  '--admin',
  'yl-county',
  '--display-name',
  '陈立',
  '--admin-phone',
  '0737-5551000',
];
const TOWNSHIP = [
  'township',
  ...['--code', 'BSZ', '--name', '白沙镇', '--phone', '0737-5552000', '--address', '白沙镇人民路 1 号'],
  ...['--admin', 'bs-admin', '--display-name', '王芳', '--admin-phone', '13800002000'],
];

describe('npm run setup', () => {
  it('creates a county and its administrator, who signs in with the printed password and creates a township', async () => {
    const ledger = await emptyLedger();
    const run = setup(ledger, ...COUNTY);
    const password = passwordOf(run);
    expect(run.stdout).toContain('已创建县 云岭县（YLX）和县级管理员 yl-county');

    const server = await serve(ledger);
    const county = await server.login('yl-county', password);
    expect(county.account).toMatchObject({ role: 'county_admin', displayName: '陈立', townshipId: null });
    expect(county.county).toMatchObject({ code: 'YLX', name: '云岭县' });
    const overview = (await (await server.api('/api/county', { token: county.token })).json()) as CountyOverview;
    expect(overview.townships).toEqual([]);
    // 新建乡镇 works on it, and the new township's admin signs in.
    const township = {
      code: 'BSZ',
      name: '白沙镇',
      phone: '0737-5552000',
      address: '白沙镇人民路 1 号',
      admin: { username: 'bs-admin', displayName: '王芳', phone: '13800002000', password: 'baisha-admin-1' },
    };
    const res = await server.api('/api/county/townships', {
      method: 'POST',
      token: county.token,
      body: JSON.stringify(township),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await server.login('bs-admin', 'baisha-admin-1')).township).toMatchObject({ name: '白沙镇' });
    expect(await verifyLedger(server.db)).toMatchObject({ ok: true });
    // A wrong password is still refused: the account has the printed one.
    await expect(server.login('yl-county', 'daiban-county')).rejects.toThrow(/401/);
  });

  it('creates a township on its own and its admin, who signs in with the printed password and adds a village', async () => {
    const ledger = await emptyLedger();
    const password = passwordOf(setup(ledger, ...TOWNSHIP));

    const server = await serve(ledger);
    const admin = await server.login('bs-admin', password);
    expect(admin.account).toMatchObject({ role: 'admin', displayName: '王芳' });
    expect(admin.township).toMatchObject({ code: 'BSZ', name: '白沙镇', phone: '0737-5552000', address: '白沙镇人民路 1 号' });
    expect(admin.county).toBeNull();
    // No county: an empty catalog, and no demo record anywhere.
    expect(((await (await server.api('/api/catalog', { token: admin.token })).json()) as { items: unknown[] }).items).toEqual([]);
    expect(await server.db.get('SELECT COUNT(*) AS n FROM accounts')).toEqual({ n: 1 });
    const village = await server.api('/api/villages', {
      method: 'POST',
      token: admin.token,
      body: JSON.stringify({ code: 'BSC', name: '白沙村' }),
    });
    expect(village.status).toBe(201);
    expect(await verifyLedger(server.db)).toMatchObject({ ok: true });
  });

  it('refuses bad input, a taken code or username, and a usage it does not know: one line, exit 1, nothing written', async () => {
    const ledger = await emptyLedger();
    passwordOf(setup(ledger, ...TOWNSHIP));
    const db = await openLedger(ledger);
    opened.dbs.push(db);
    const before = await dbChecksum(db);
    const with_ = (args: string[], option: string, value: string) => args.map((a, i) => (args[i - 1] === option ? value : a));
    const refusals: [string[], RegExp][] = [
      [with_(TOWNSHIP, '--admin', 'bs-admin-2'), /乡镇代码 BSZ 已被使用/],
      [with_(TOWNSHIP, '--code', 'BSX'), /用户名 bs-admin 已被使用/],
      [with_(COUNTY, '--admin', 'bs-admin'), /用户名 bs-admin 已被使用/],
      [with_(TOWNSHIP, '--code', 'B5'), /--code: 乡镇代码为 2–6 个大写字母/],
      [with_(COUNTY, '--admin', 'Chen Li'), /--admin: 用户名为/],
      [with_(TOWNSHIP, '--address', ''), /--address/],
      [COUNTY.slice(0, -2), /--admin-phone: 请填写电话号码/],
      [['village', '--code', 'BSC'], /^usage: npm run setup/],
      [[...COUNTY, '--password', 'chosen'], /Unknown option '--password'/],
    ];
    for (const [args, message] of refusals) {
      const run = setup(ledger, ...args);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
    expect(await dbChecksum(db)).toBe(before);
  }, 90_000);

  it('refuses a ledger holding the demo county’s accounts unless told it is a trial (--keep-demo)', async () => {
    const demo = await startTestServer();
    opened.servers.push(demo);
    const ledger = { dataDir: demo.dataDir, databaseUrl: demo.databaseUrl };
    const before = await dbChecksum(demo.db);
    const refused = setup(ledger, ...TOWNSHIP);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/演示县.*--keep-demo/);
    expect(await dbChecksum(demo.db)).toBe(before);

    const password = passwordOf(setup(ledger, ...TOWNSHIP, '--keep-demo'));
    expect((await demo.login('bs-admin', password)).township).toMatchObject({ name: '白沙镇' });
  }, 60_000);
});

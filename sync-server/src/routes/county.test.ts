import {
  type CountyItemHistory,
  type CountyMonthlyReport,
  type CountyOverview,
  type CountyTownship,
  countyMonthlyReportSchema,
  countyOverviewSchema,
  type MonthlyReport,
  type ServiceItem,
  type Session,
} from '@daiban/schemas';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogHistory, pulledServiceItems, sendCatalog } from '../testing/catalog-calls.ts';
import { dbChecksum } from '../testing/db-checksum.ts';
import { draftOf, FakeTablet } from '../testing/fixtures.ts';
import { otherTownshipAccount } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// The county level (issue 17): the demo county 湖乡县 with 千山红镇 and 新安镇 on one server.

let server: TestServer;
let now = new Date('2026-11-02T02:00:00Z');
beforeEach(async () => {
  now = new Date('2026-11-02T02:00:00Z');
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

const call = async (path: string, token: string, method = 'GET', body?: unknown) =>
  server.api(path, { method, token, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const json = async <T>(res: Response, status = 200): Promise<T> => {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
};
const overview = async (token: string) =>
  countyOverviewSchema.parse(await json<CountyOverview>(await call('/api/county', token)));

const newTownship = {
  code: 'BH',
  name: '白湖镇',
  phone: '0737-5550300',
  address: '湖乡县白湖镇政府路1号',
  admin: { username: 'bh-admin', displayName: '白湖管理员', phone: '13800000401', password: 'baihu-admin-2026' },
};

describe('the county administrator', () => {
  it('signs in to the county, sees its townships and replicates nothing', async () => {
    const county = await server.login('county-admin');
    expect(county.account.role).toBe('county_admin');
    expect(county.township).toBeNull();
    expect(county.county).toMatchObject({ name: '湖乡县' });
    expect((await server.api('/api/sync/pull', { token: county.token })).status).toBe(403);

    const { townships } = await overview(county.token);
    expect(townships.map((t) => [t.name, t.villages, t.agents, t.admins.map((a) => a.username)])).toEqual([
      ['千山红镇', 10, 20, ['admin']],
      ['新安镇', 2, 4, ['xa-admin']],
    ]);
    // The townships' people see their county too.
    expect((await server.login('xa-supervisor')).county).toMatchObject({ name: '湖乡县' });
    expect((await server.login('dxg-agent')).county).toMatchObject({ name: '湖乡县' });
  });

  it('creates a township with its admin, who signs in to a township holding the county catalog and calendar', async () => {
    const county = await server.login('county-admin');
    // 千山红镇 has a day of its own besides the statutory holidays both townships have.
    const qshAdmin = await server.login('admin');
    const localDay = { date: '2026-11-05', kind: 'holiday', name: '镇里的节日' };
    expect((await call('/api/calendar/entries', qshAdmin.token, 'POST', localDay)).status).toBe(201);
    const created = await json<{ township: CountyTownship }>(
      await call('/api/county/townships', county.token, 'POST', newTownship),
      201,
    );
    expect(created.township).toMatchObject({ id: 't-bh', name: '白湖镇', villages: 0, agents: 0 });
    expect(created.township.admins.map((a) => a.username)).toEqual(['bh-admin']);
    expect((await overview(county.token)).townships.map((t) => t.name)).toEqual(['白湖镇', '千山红镇', '新安镇']);

    const admin = await server.login('bh-admin', newTownship.admin.password);
    expect(admin.township).toMatchObject({ id: 't-bh', name: '白湖镇' });
    const countyItems = await json<{ items: ServiceItem[] }>(await call('/api/county/catalog', county.token));
    const ours = await json<{ items: ServiceItem[] }>(await call('/api/catalog', admin.token));
    expect(ours.items.map((i) => [i.code, i.name, i.version])).toEqual(countyItems.items.map((i) => [i.code, i.name, 1]));
    expect((await catalogHistory(server, 'MZ-001', admin.token)).countyVersion).toBe(1);

    // Its calendar: the days both townships have (the statutory holidays), not 千山红镇's own day.
    const calendarOf = async (token: string) =>
      (await json<{ entries: { date: string }[] }>(await call('/api/calendar?year=2026', token))).entries;
    const shared = await calendarOf((await server.login('xa-admin')).token);
    expect(shared.length).toBeGreaterThan(20);
    expect(await calendarOf(admin.token)).toEqual(shared);
    expect((await calendarOf(qshAdmin.token)).map((e) => e.date)).toContain('2026-11-05');

    // A second admin for it; the new admin creates the township's first agent as any admin does.
    const second = await call('/api/county/townships/t-bh/admins', county.token, 'POST', {
      username: 'bh-admin-2',
      displayName: '白湖副管理员',
      phone: '13800000402',
      password: 'baihu-admin-2027',
    });
    expect((await json<{ admin: { username: string } }>(second, 201)).admin.username).toBe('bh-admin-2');
    await server.login('bh-admin-2', 'baihu-admin-2027');
  });

  it('refuses a township code or admin username already taken, and bad input, writing nothing', async () => {
    const county = await server.login('county-admin');
    const before = await dbChecksum(server.db);
    const takenCode = await call('/api/county/townships', county.token, 'POST', { ...newTownship, code: 'QSH' });
    expect(takenCode.status).toBe(409);
    const takenName = await call('/api/county/townships', county.token, 'POST', {
      ...newTownship,
      admin: { ...newTownship.admin, username: 'admin' },
    });
    expect(takenName.status).toBe(409);
    expect(((await takenName.json()) as { error: { message: string } }).error.message).toContain('用户名 admin 已被使用');
    for (const bad of [
      { ...newTownship, code: 'bh' },
      { ...newTownship, admin: { ...newTownship.admin, password: 'short' } },
      {},
    ]) {
      const res = await call('/api/county/townships', county.token, 'POST', bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { issues: unknown[] } }).error.issues.length).toBeGreaterThan(0);
    }
    expect(await dbChecksum(server.db)).toBe(before);
  });

  it('keeps another county’s townships, catalog and figures from its administrator (404, nothing written)', async () => {
    const other = await otherTownshipAccount(server, 'county_admin');
    expect((await overview(other.token)).townships.map((t) => t.name)).toEqual(['别的镇']);
    const before = await dbChecksum(server.db);
    const admin = { username: 'sneaky-admin', displayName: '外县', phone: '13800000403', password: 'sneaky-admin-2026' };
    expect((await call('/api/county/townships/t-qsh/admins', other.token, 'POST', admin)).status).toBe(404);
    expect((await call('/api/county/catalog/MZ-001', other.token)).status).toBe(404);
    expect(await json<{ items: ServiceItem[] }>(await call('/api/county/catalog', other.token))).toEqual({ items: [] });
    expect(await dbChecksum(server.db)).toBe(before);
  });
});

describe('the county catalog', () => {
  const edit = (item: ServiceItem, name: string) => ({ ...draftOf(item), name, baseVersion: item.version });
  const countyItem = async (token: string, code: string) =>
    json<CountyItemHistory>(await call(`/api/county/catalog/${code}`, token));

  it('reaches every township that follows an item, not one that published its own version, until it follows again', async () => {
    const county = await server.login('county-admin');
    const qshAdmin = await server.login('admin');
    const xaAdmin = await server.login('xa-admin');
    const xaAgent = await server.login('xac-agent');
    const { cursor } = await pulledServiceItems(server, xaAgent.token);
    const v1 = (await countyItem(county.token, 'MZ-001')).item;

    // 新安镇 publishes its own version of MZ-001: from now on the county's edits leave it alone.
    const own = await sendCatalog(server, 'PUT', '/MZ-001', xaAdmin.token, edit(v1, '新安镇的低保'));
    expect(own.status).toBe(200);
    const ownHistory = await catalogHistory(server, 'MZ-001', xaAdmin.token);
    expect([ownHistory.countyVersion, ownHistory.countyLatestVersion]).toEqual([null, 1]);

    const v2 = (
      await json<{ item: ServiceItem }>(await call('/api/county/catalog/MZ-001', county.token, 'PUT', edit(v1, '县里改的低保')))
    ).item;
    expect(v2.version).toBe(2);
    const qsh = await catalogHistory(server, 'MZ-001', qshAdmin.token);
    expect([qsh.item.name, qsh.item.version, qsh.countyVersion]).toEqual(['县里改的低保', 2, 2]);
    const xa = await catalogHistory(server, 'MZ-001', xaAdmin.token);
    expect([xa.item.name, xa.item.version, xa.countyVersion, xa.countyLatestVersion]).toEqual(['新安镇的低保', 2, null, 2]);
    expect((await countyItem(county.token, 'MZ-001')).townships).toEqual([
      { townshipId: 't-qsh', townshipName: '千山红镇', version: 2, follows: true },
      { townshipId: 't-xa', townshipName: '新安镇', version: 2, follows: false },
    ]);

    // A new county item reaches both; the township's tablets pull it.
    const created = await call('/api/county/catalog', county.token, 'POST', {
      ...draftOf(v1),
      code: 'MZ-950',
      name: '县级新事项',
    });
    expect(created.status).toBe(201);
    const pulled = (await pulledServiceItems(server, xaAgent.token, cursor)).items.map((i) => [i.code, i.version, i.name]);
    expect(pulled).toEqual([
      ['MZ-001', 2, '新安镇的低保'],
      ['MZ-950', 1, '县级新事项'],
    ]);

    // 新安镇 follows the county again: the county's newest becomes its version 3.
    const followed = await json<{ item: ServiceItem }>(
      await call('/api/catalog/MZ-001/follow-county', xaAdmin.token, 'POST', {}),
    );
    expect([followed.item.version, followed.item.name]).toEqual([3, '县里改的低保']);
    expect((await catalogHistory(server, 'MZ-001', xaAdmin.token)).countyVersion).toBe(2);
    // Asking again changes nothing.
    const before = await dbChecksum(server.db);
    await json(await call('/api/catalog/MZ-001/follow-county', xaAdmin.token, 'POST', {}));
    expect(await dbChecksum(server.db)).toBe(before);
  });

  it('refuses a stale county edit and an existing code, and a township item the county does not have', async () => {
    const county = await server.login('county-admin');
    const v1 = (await countyItem(county.token, 'MZ-001')).item;
    expect((await call('/api/county/catalog/MZ-001', county.token, 'PUT', edit(v1, '第二版'))).status).toBe(200);
    const before = await dbChecksum(server.db);
    const stale = await call('/api/county/catalog/MZ-001', county.token, 'PUT', edit(v1, '过时的修改'));
    expect(stale.status).toBe(409);
    const again = await call('/api/county/catalog', county.token, 'POST', { ...draftOf(v1), code: 'MZ-001' });
    expect(again.status).toBe(409);
    expect(await dbChecksum(server.db)).toBe(before);

    const admin = await server.login('admin');
    await sendCatalog(server, 'POST', '', admin.token, { ...draftOf(v1), code: 'QT-951', name: '本镇自有事项' });
    expect((await catalogHistory(server, 'QT-951', admin.token)).countyLatestVersion).toBeNull();
    const follow = await call('/api/catalog/QT-951/follow-county', admin.token, 'POST', {});
    expect(follow.status).toBe(409);
  });
});

describe('the county’s monthly report', () => {
  /** An agent's tablet opening and receiving a case with the 30-day item; returns the case id. */
  async function submitted(agent: Session): Promise<string> {
    const tablet = new FakeTablet(agent, server.now);
    const item = (await pulledServiceItems(server, agent.token)).items.find((i) => i.timeLimitDays === 30)!;
    const applicant = tablet.applicant();
    const opened = tablet.openedCase(applicant, item);
    const mutations = [
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
      tablet.receive(opened.id),
    ];
    await json(await call('/api/sync/push', agent.token, 'POST', { mutations }));
    return opened.id;
  }
  const decide = async (supervisor: string, caseId: string, action: 'accept' | 'complete') =>
    json(
      await call(
        `/api/cases/${caseId}/${action}`,
        (await server.login(supervisor)).token,
        'POST',
        action === 'accept' ? { missingAcknowledged: true } : { result: '已办结' },
      ),
    );

  it('gives each township its own report’s total and the county a total over every case', async () => {
    // 千山红镇: one case accepted Monday 2 Nov, completed Wednesday 4 Nov (2 working days).
    // 新安镇: three cases accepted 2 Nov, completed Friday 6 Nov (4 working days each).
    const qsh = await submitted(await server.login('dxg-agent'));
    const xa = [];
    for (const username of ['xac-agent', 'xac-agent', 'hxc-agent']) xa.push(await submitted(await server.login(username)));
    await decide('supervisor', qsh, 'accept');
    for (const id of xa) await decide('xa-supervisor', id, 'accept');
    now = new Date('2026-11-04T02:00:00Z');
    await decide('supervisor', qsh, 'complete');
    now = new Date('2026-11-06T02:00:00Z');
    for (const id of xa) await decide('xa-supervisor', id, 'complete');
    now = new Date('2026-12-01T02:00:00Z');

    const county = await server.login('county-admin');
    const report = countyMonthlyReportSchema.parse(
      (await json<{ report: CountyMonthlyReport }>(await call('/api/county/reports/monthly?month=2026-11', county.token))).report,
    );
    const ownTotal = async (username: string) =>
      (
        await json<{ report: MonthlyReport }>(
          await call('/api/reports/monthly?month=2026-11', (await server.login(username)).token),
        )
      ).report.total;
    expect(report.townships.map((t) => t.townshipName)).toEqual(['千山红镇', '新安镇']);
    const [qshRow, xaRow] = report.townships;
    expect(qshRow).toMatchObject(await ownTotal('supervisor'));
    expect(xaRow).toMatchObject(await ownTotal('xa-supervisor'));
    expect([qshRow?.completed, qshRow?.avgWorkingDays, xaRow?.completed, xaRow?.avgWorkingDays]).toEqual([1, 2, 3, 4]);
    // Over every case: (2 + 4 + 4 + 4) / 4 = 3.5, not the townships' averages averaged (3).
    expect(report.total).toMatchObject({ received: 4, submitted: 4, accepted: 4, completed: 4, avgWorkingDays: 3.5 });
    expect(report.partial).toBe(false);
    expect(report.countyName).toBe('湖乡县');

    // The same report as the county's downloads: CSV and XLSX, one row per township and the county's total.
    const csv = await call('/api/county/reports/monthly.csv?month=2026-11', county.token);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="daiban-county-report-2026-11.csv"');
    const lines = (await csv.text()).replace('\uFEFF', '').trim().split('\r\n');
    expect(lines.map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
      '乡镇,村受理,报送乡镇,镇受理,办结',
      '千山红镇,1,1,1,1',
      '新安镇,3,3,3,3',
      '全县合计,4,4,4,4',
    ]);
    const xlsx = await call('/api/county/reports/monthly.xlsx?month=2026-11', county.token);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell(1, 1).value).toBe('湖乡县 2026年11月 代办工作通报');
    expect([4, 5, 6].map((row) => [sheet.getCell(row, 1).value, sheet.getCell(row, 11).value])).toEqual([
      ['千山红镇', 2],
      ['新安镇', 4],
      ['全县合计', 3.5],
    ]);
  });
});

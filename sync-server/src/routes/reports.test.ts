import { chinaDateTime, type MonthlyReport, monthlyReportSchema, type PullResponse, type ReportFigures } from '@daiban/schemas';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTablet, residentIdNumber } from '../testing/fixtures.ts';
import { otherTownshipAccount } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

/** China 10:00 on a day of 2026 (02:00 UTC), unless another UTC time is given. */
const at = (day: string, utcTime = '02:00') => new Date(`2026-${day}T${utcTime}:00.000Z`);

let server: TestServer;
let now = at('10-01');
/** Makes every applicant's resident ID number distinct. */
let idSerial = 0;

/** One agent's tablet in a village, opening and receiving cases at the test clock. */
async function village(username: string) {
  const agent = await server.login(username);
  const tablet = new FakeTablet(agent, server.now);
  const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems.find(
    (i) => i.timeLimitDays === 30,
  )!;
  const push = async (mutations: unknown[]) => {
    const res = await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: { outcome: string }[] }).results.every((r) => r.outcome === 'applied')).toBe(true);
  };
  return {
    /** A case received in the village at `receivedAt` (the tablet's clock) and pushed now. */
    async submit(receivedAt: Date) {
      idSerial += 1;
      const applicant = tablet.applicant({ idNumber: residentIdNumber(`43098119480105${String(idSerial).padStart(3, '0')}`) });
      const opened = tablet.openedCase(applicant, item);
      await push([
        tablet.mutation('applicant.register', applicant),
        tablet.mutation('case.open', opened),
        tablet.receive(opened.id, receivedAt),
      ]);
      return opened.id;
    },
    resubmit: (caseId: string) => push([tablet.mutation('case.resubmit', { caseId })]),
    async deliverAndRate(caseId: string, level: 1 | 2 | 3 | 4 | 5) {
      const time = now.toISOString();
      await push([
        tablet.mutation('case.deliver', { caseId, deliveredAt: time, receivedBy: '本人' }),
        tablet.mutation('case.rate', { caseId, level, ratedAt: time }),
      ]);
    },
  };
}

/** The supervisor signs in at each step: the test clock moves across days, and a browser session expires after 12 idle hours. */
const supervisorToken = async () => (await server.login('supervisor')).token;
async function decide(caseId: string, action: 'accept' | 'return' | 'complete' | 'reject') {
  const body = {
    accept: { missingAcknowledged: true },
    return: { reason: '缺材料', materialKeys: [] },
    complete: { result: '已办结' },
    reject: { reason: '不符合条件' },
  }[action];
  const res = await server.api(`/api/cases/${caseId}/${action}`, {
    method: 'POST',
    token: await supervisorToken(),
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/** Moves the test clock, then does what happened at that moment. */
async function on(time: Date, action: () => Promise<unknown>) {
  now = time;
  await action();
}

const report = async (month: string, token?: string) => {
  const res = await server.api(`/api/reports/monthly?month=${month}`, { token: token ?? (await supervisorToken()) });
  expect(res.status).toBe(200);
  return monthlyReportSchema.parse(((await res.json()) as { report: MonthlyReport }).report);
};

/**
 * The scene: 大西港村 (DXG) and 南港村 (NG) through October–December 2026, with a statutory
 * limit of 30 working days (acceptance on 1 October makes a case due on 12 November).
 */
beforeAll(async () => {
  server = await startTestServer({ now: () => now });
  // The scenario counts weekends only: the demo township's 2026 holidays are cleared first
  // (how holidays move deadlines is calendar.test.ts's subject).
  now = at('09-30');
  const cleared = await server.api('/api/calendar/years/2026', {
    method: 'PUT',
    token: await supervisorToken(),
    // One entry far from the scenario: a year with no entries at all keeps its fixed-date holidays (1–3 October).
    body: JSON.stringify({ entries: [{ date: '2026-01-04', kind: 'workday', name: '元旦调休' }] }),
  });
  expect(cleared.status).toBe(200);
  const dxg = await village('dxg-agent');
  const ng = await village('ng-agent');

  now = at('10-01');
  const [open, lateDone, doneInDecember, pausedInTime, returnedLate] = [
    await dxg.submit(now),
    await dxg.submit(now),
    await dxg.submit(now),
    await dxg.submit(now),
    await dxg.submit(now),
  ];
  for (const id of [open, lateDone, doneInDecember, pausedInTime, returnedLate]) await decide(id, 'accept');

  // Received at 01:00 on 1 November in China (still 31 October in UTC), and synced at once.
  let early = '';
  await on(at('10-31', '17:30'), async () => {
    early = await dxg.submit(at('10-31', '17:00'));
  });
  // Received on 30 October, but the tablet only synced on 2 November.
  let offline = '';
  await on(at('11-02'), async () => {
    offline = await dxg.submit(at('10-30'));
    await decide(early, 'accept');
  });
  await on(at('11-03'), () => decide(offline, 'return'));
  let ngCase = '';
  await on(at('11-03', '03:00'), async () => {
    ngCase = await ng.submit(now);
  });
  await on(at('11-04'), async () => {
    await decide(early, 'complete'); // 2 working days after acceptance: on time
    await decide(ngCase, 'accept');
  });
  await on(at('11-05'), async () => {
    await dxg.deliverAndRate(early, 5);
    await dxg.resubmit(offline);
    await decide(pausedInTime, 'return'); // before its due date: the clock stands still
    await decide(ngCase, 'complete');
  });
  await on(at('11-06'), async () => {
    await decide(offline, 'accept');
    await ng.deliverAndRate(ngCase, 4);
  });
  await on(at('11-09'), () => decide(offline, 'complete')); // Friday to Monday: 1 working day
  await on(at('11-10'), async () => {
    await dxg.deliverAndRate(offline, 3);
    const refused = await dxg.submit(now);
    await on(at('11-11'), () => decide(refused, 'reject'));
  });
  let returnedOpen = '';
  await on(at('11-12'), async () => {
    returnedOpen = await dxg.submit(now);
  });
  await on(at('11-13'), async () => {
    await decide(returnedOpen, 'accept');
    await decide(returnedLate, 'return'); // a day after its due date
  });
  await on(at('11-16'), async () => {
    await decide(returnedOpen, 'return');
    await decide(lateDone, 'complete'); // due 12 November: late, 32 working days
  });
  await on(at('11-17'), () => dxg.deliverAndRate(lateDone, 1));
  // 16:30 on 30 November in UTC is already 00:30 on 1 December in China.
  await on(at('11-30', '16:30'), () => dxg.submit(now));
  await on(at('12-02'), () => decide(doneInDecember, 'complete'));
  now = at('12-03');
}, 60_000);
afterAll(() => server.close());

const zero: ReportFigures = {
  received: 0,
  submitted: 0,
  accepted: 0,
  completed: 0,
  completedOnTime: 0,
  completedLate: 0,
  overdue: 0,
  returned: 0,
  rejected: 0,
  avgWorkingDays: null,
  ratings: 0,
  satisfiedShare: null,
  avgRating: null,
};

const dxgNovember: ReportFigures = {
  received: 3,
  submitted: 4,
  accepted: 3,
  completed: 3,
  completedOnTime: 2,
  completedLate: 1,
  overdue: 3,
  returned: 4,
  rejected: 1,
  avgWorkingDays: 11.7,
  ratings: 3,
  satisfiedShare: 0.3333,
  avgRating: 3,
};

describe('the monthly report (一月一通报)', () => {
  it('counts every figure of a village for a finished month, in China time, and totals the township', async () => {
    const r = await report('2026-11');
    expect(r).toMatchObject({ townshipName: '千山红镇', month: '2026-11', asOf: '2026-11-30', partial: false });
    expect(r.villages.map((v) => v.villageCode)).toEqual(['BBG', 'DNH', 'DXG', 'HX', 'NG', 'QSHS', 'SBZ', 'TJ', 'XHK', 'YS']);
    const byCode = (code: string) => r.villages.find((v) => v.villageCode === code)!;
    expect(byCode('DXG')).toEqual({ villageId: 'v-dxg', villageCode: 'DXG', villageName: '大西港村', ...dxgNovember });
    expect(byCode('NG')).toMatchObject({
      ...zero,
      received: 1,
      submitted: 1,
      accepted: 1,
      completed: 1,
      completedOnTime: 1,
      avgWorkingDays: 1,
      ratings: 1,
      satisfiedShare: 1,
      avgRating: 4,
    });
    expect(byCode('BBG')).toMatchObject(zero);
    expect(r.total).toEqual({
      received: 4,
      submitted: 5,
      accepted: 4,
      completed: 4,
      completedOnTime: 3,
      completedLate: 1,
      overdue: 3,
      returned: 4,
      rejected: 1,
      avgWorkingDays: 9,
      ratings: 4,
      satisfiedShare: 0.5,
      avgRating: 3.25,
    });
  });

  it('reports the current month up to today, and the months before from the ledger as it stood then', async () => {
    const december = await report('2026-12');
    expect(december).toMatchObject({ asOf: '2026-12-03', partial: true });
    // Completed late on 2 December; still overdue: the open case and the one returned after its due date.
    expect(december.villages.find((v) => v.villageCode === 'DXG')).toMatchObject({
      received: 1,
      submitted: 1,
      completed: 1,
      completedLate: 1,
      overdue: 2,
      avgWorkingDays: 44,
    });
    const october = await report('2026-10');
    expect(october.villages.find((v) => v.villageCode === 'DXG')).toMatchObject({
      received: 6,
      submitted: 5,
      accepted: 5,
      overdue: 0,
    });
  });

  it('exports CSV with a byte-order mark and Chinese headers', async () => {
    const res = await server.api('/api/reports/monthly.csv?month=2026-11', { token: await supervisorToken() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="daiban-monthly-report-2026-11.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).split('\r\n');
    expect(lines[0]).toBe(
      '村（社区）,村受理,报送乡镇,镇受理,办结,按时办结,超时办结,超期未办结,退回补正,不予受理/办理,平均办结用时（工作日）,评价数,满意率,平均评分',
    );
    expect(lines).toContain('大西港村,3,4,3,3,2,1,3,4,1,11.7,3,33.3%,3');
    expect(lines).toContain('八百弓村,0,0,0,0,0,0,0,0,0,,0,,');
    expect(lines[11]).toBe('全镇合计,4,5,4,4,3,1,3,4,1,9,4,50.0%,3.25');
    expect(lines[12]).toBe('');
  });

  it('exports an XLSX workbook with a title, a header, one row per village and the total', async () => {
    const res = await server.api('/api/reports/monthly.xlsx?month=2026-11', { token: await supervisorToken() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('月度通报')!;
    expect(sheet.getCell('A1').value).toBe('千山红镇 2026年11月 代办工作通报');
    expect(sheet.getCell('A1').isMerged && sheet.getCell('N1').isMerged).toBe(true);
    expect(String(sheet.getCell('A2').value)).toContain('统计截至 2026-11-30');
    // Made at the test's now, printed in China's time (UTC+8), not UTC.
    expect(String(sheet.getCell('A2').value)).toContain(`生成时间 ${chinaDateTime(server.now())}（北京时间）`);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual([
      '村（社区）',
      '村受理',
      '报送乡镇',
      '镇受理',
      '办结',
      '按时办结',
      '超时办结',
      '超期未办结',
      '退回补正',
      '不予受理/办理',
      '平均办结用时（工作日）',
      '评价数',
      '满意率',
      '平均评分',
    ]);
    const dxg = sheet.getRow(6);
    expect((dxg.values as unknown[]).slice(1)).toEqual(['大西港村', 3, 4, 3, 3, 2, 1, 3, 4, 1, 11.7, 3, 0.3333, 3]);
    expect([dxg.getCell(2).numFmt, dxg.getCell(11).numFmt, dxg.getCell(13).numFmt, dxg.getCell(14).numFmt]).toEqual([
      '0',
      '0.0',
      '0.0%',
      '0.00',
    ]);
    const bbg = sheet.getRow(4);
    expect(bbg.getCell(1).value).toBe('八百弓村');
    expect([bbg.getCell(11).value, bbg.getCell(13).value]).toEqual([null, null]);
    const total = sheet.getRow(14);
    expect((total.values as unknown[]).slice(1)).toEqual(['全镇合计', 4, 5, 4, 4, 3, 1, 3, 4, 1, 9, 4, 0.5, 3.25]);
    expect(total.font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(14);
    expect(sheet.getColumn(1).width).toBeGreaterThan(10);
    expect(book.getWorksheet('统计口径')!.getCell('A2').value).toBe('统计月份');
  });

  it('answers 400 with a readable message for a missing, malformed or future month', async () => {
    for (const query of ['', '?month=2026-13', '?month=2026-1', '?month=11-2026', '?month=2027-01']) {
      for (const path of ['/api/reports/monthly', '/api/reports/monthly.csv', '/api/reports/monthly.xlsx']) {
        const res = await server.api(`${path}${query}`, { token: await supervisorToken() });
        expect(res.status, `${path}${query}`).toBe(400);
        const body = (await res.json()) as { error: { reason: string; message: string } };
        expect(body.error.reason).toBe('validation_failed');
      }
    }
    const future = await server.api('/api/reports/monthly?month=2027-01', { token: await supervisorToken() });
    expect(((await future.json()) as { error: { message: string } }).error.message).toContain('尚未开始');
    const malformed = await server.api('/api/reports/monthly?month=2026-13', { token: await supervisorToken() });
    expect(JSON.stringify(await malformed.json())).toContain('YYYY-MM');
  });

  it('is for the township only: agents are refused, the admin sees it, another township sees only its own villages', async () => {
    const agent = await server.login('dxg-agent');
    for (const path of ['monthly', 'monthly.csv', 'monthly.xlsx']) {
      expect((await server.api(`/api/reports/${path}?month=2026-11`, { token: agent.token })).status).toBe(403);
      expect((await server.api(`/api/reports/${path}?month=2026-11`)).status).toBe(401);
    }
    const admin = await server.login('admin');
    expect((await report('2026-11', admin.token)).total).toMatchObject({ submitted: 5, completed: 4 });

    const other = (await otherTownshipAccount(server)).token;
    const theirs = await report('2026-11', other);
    expect(theirs.townshipName).toBe('别的镇');
    expect(theirs.villages.map((v) => v.villageName)).toEqual(['别的村']);
    expect(theirs.total).toEqual(zero);
    const csv = await (await server.api('/api/reports/monthly.csv?month=2026-11', { token: other })).text();
    expect(csv).not.toContain('大西港村');
  });
});

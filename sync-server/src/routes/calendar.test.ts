import {
  addWorkingDays,
  type CalendarEntry,
  type Case,
  type PullResponse,
  toWorkCalendar,
  workingDaysBetween,
} from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerHead } from '../db/index.ts';
import { holidays2026 } from '../seed/holidays-2026.ts';
import { otherTownshipAccount, submittedCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let now = new Date('2026-11-20T02:00:00Z'); // Friday, 10:00 in China
beforeEach(async () => {
  now = new Date('2026-11-20T02:00:00Z');
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

const entries = async (token: string, year?: number) => {
  const res = await server.api(`/api/calendar${year ? `?year=${year}` : ''}`, { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { entries: CalendarEntry[] }).entries;
};
const add = (token: string, entry: unknown) =>
  server.api('/api/calendar/entries', { method: 'POST', token, body: JSON.stringify(entry) });
const accept = async (token: string, caseId: string) =>
  (
    (await (
      await server.api(`/api/cases/${caseId}/accept`, { method: 'POST', token, body: '{"missingAcknowledged":true}' })
    ).json()) as { case: Case }
  ).case;

describe('the holiday calendar', () => {
  it('is seeded with the 2026 arrangement, which every role of the township reads', async () => {
    const agent = await server.login('dxg-agent');
    const seeded = await entries(agent.token, 2026);
    expect(seeded).toEqual([...holidays2026].sort((a, b) => (a.date < b.date ? -1 : 1)));
    expect(seeded).toContainEqual({ date: '2026-10-10', kind: 'workday', name: '国庆节' });
    expect(await entries(agent.token, 2027)).toEqual([]);
  });

  it('counts a case accepted after an edit with the edited calendar, and records the edit in the ledger', async () => {
    const supervisor = await server.login('supervisor');
    const { caseId, item } = await submittedCase(server, 'dxg-agent', now);
    const holiday = { date: '2026-11-23', kind: 'holiday', name: '镇防汛抢险停休补假' } as const;
    const res = await add(supervisor.token, holiday);
    expect(res.status).toBe(201);
    expect(await entries(supervisor.token, 2026)).toContainEqual(holiday);
    const event = await server.db.get('SELECT type, account_id AS "accountId", payload FROM events ORDER BY seq DESC LIMIT 1');
    expect(event).toEqual({ type: 'calendar.add', accountId: supervisor.account.id, payload: JSON.stringify(holiday) });

    const due = (await accept(supervisor.token, caseId)).dueDate;
    expect(due).toBe(addWorkingDays('2026-11-20', item.timeLimitDays, toWorkCalendar([holiday])));
    expect(workingDaysBetween(addWorkingDays('2026-11-20', item.timeLimitDays), due!)).toBe(1); // a day later than without it

    const removed = await server.api('/api/calendar/entries/2026-11-23', { method: 'DELETE', token: supervisor.token });
    expect(removed.status).toBe(200);
    expect(await entries(supervisor.token, 2026)).not.toContainEqual(holiday);
    expect((await server.api('/api/calendar/entries/2026-11-23', { method: 'DELETE', token: supervisor.token })).status).toBe(
      404,
    );
  });

  it('gives a case accepted the day before 国庆 its due date after the holiday, and extends it across the holiday after 补正', async () => {
    now = new Date('2026-09-30T02:00:00Z'); // Wednesday, the day before 国庆
    const supervisor = await server.login('supervisor');
    const { caseId, item, tablet, push, agent } = await submittedCase(server, 'dxg-agent', now);
    const calendar = toWorkCalendar(holidays2026);
    const accepted = await accept(supervisor.token, caseId);
    expect(accepted.dueDate).toBe(addWorkingDays('2026-09-30', item.timeLimitDays, calendar));
    expect(accepted.dueDate! > '2026-10-07').toBe(true);

    await server.api(`/api/cases/${caseId}/return`, {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify({ reason: '缺户口簿', materialKeys: [] }),
    });
    now = new Date('2026-10-09T02:00:00Z'); // Friday after the holiday: the clock stood for Oct 8 and 9 only
    await push([tablet.mutation('case.resubmit', { caseId })]);
    const page = (await (await server.api('/api/sync/pull?limit=1000', { token: agent.token })).json()) as PullResponse;
    expect(page.cases.find((c) => c.id === caseId)?.dueDate).toBe(addWorkingDays(accepted.dueDate!, 2, calendar));
  });

  it('replaces a year in one edit', async () => {
    const admin = await server.login('admin');
    const year = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节' },
    ];
    const res = await server.api('/api/calendar/years/2027', {
      method: 'PUT',
      token: admin.token,
      body: JSON.stringify({ entries: year }),
    });
    expect(res.status).toBe(200);
    expect(await entries(admin.token, 2027)).toEqual(year);
    expect(await entries(admin.token, 2026)).toHaveLength(holidays2026.length);
    const emptied = await server.api('/api/calendar/years/2027', { method: 'PUT', token: admin.token, body: '{"entries":[]}' });
    expect(emptied.status).toBe(200);
    expect(await entries(admin.token, 2027)).toEqual([]);
  });

  it('refuses bad input with a readable message and writes nothing', async () => {
    const supervisor = await server.login('supervisor');
    const before = { head: await ledgerHead(server.db), entries: await entries(supervisor.token) };
    const refused = async (res: Response, message: RegExp) => {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    };
    await refused(await add(supervisor.token, { date: '2026-02-30', kind: 'holiday', name: 'x' }), /invalid json/);
    await refused(await add(supervisor.token, { date: '2026-11-23', kind: 'vacation', name: 'x' }), /invalid json/);
    await refused(await add(supervisor.token, { date: '2026-11-23', kind: 'holiday', name: ' ' }), /invalid json/);
    await refused(await add(supervisor.token, { date: '2026-10-01', kind: 'holiday', name: '国庆节' }), /已在日历中/);
    await refused(await add(supervisor.token, { date: '2026-11-24', kind: 'workday', name: '调休' }), /工作日/);
    await refused(await add(supervisor.token, { date: '2026-11-21', kind: 'holiday', name: '周六' }), /周末/);
    const put = (year: string, list: unknown) =>
      server.api(`/api/calendar/years/${year}`, {
        method: 'PUT',
        token: supervisor.token,
        body: JSON.stringify({ entries: list }),
      });
    const ok = { date: '2027-01-01', kind: 'holiday', name: '元旦' };
    await refused(await put('2027', [ok, { date: '2026-12-31', kind: 'holiday', name: 'x' }]), /不属于 2027/);
    await refused(await put('2027', [ok, ok]), /重复/);
    await refused(await put('2027', [ok, { date: '2027-01-02', kind: 'holiday', name: '元旦' }]), /周末/);
    await refused(await put('year', [ok]), /invalid param/);
    expect((await server.api('/api/calendar/entries/30-02', { method: 'DELETE', token: supervisor.token })).status).toBe(400);
    expect(await ledgerHead(server.db)).toBe(before.head);
    expect(await entries(supervisor.token)).toEqual(before.entries);
  });

  it('is edited only by the township centre, and only its own township sees it', async () => {
    const agent = await server.login('dxg-agent');
    const holiday = { date: '2026-11-23', kind: 'holiday', name: '补假' };
    expect((await add(agent.token, holiday)).status).toBe(403);
    expect((await server.api('/api/calendar/entries/2026-10-01', { method: 'DELETE', token: agent.token })).status).toBe(403);
    expect((await server.api('/api/calendar')).status).toBe(401);

    const stranger = await otherTownshipAccount(server);
    expect(await entries(stranger.token)).toEqual([]);
    expect((await add(stranger.token, holiday)).status).toBe(201);
    expect(await entries(stranger.token)).toEqual([holiday]);
    expect(await entries(agent.token)).not.toContainEqual(holiday);
    expect((await server.api('/api/calendar/entries/2026-10-01', { method: 'DELETE', token: stranger.token })).status).toBe(404);
  });
});

describe('a year without entries', () => {
  const missingYears = async (token: string, year?: number) => {
    const res = await server.api(`/api/calendar${year ? `?year=${year}` : ''}`, { token });
    return ((await res.json()) as { missingYears: number[] }).missingYears;
  };

  it('is named in the calendar answer while the current or next year has no entries', async () => {
    const supervisor = await server.login('supervisor');
    expect(await missingYears(supervisor.token)).toEqual([2027]);
    expect(await missingYears(supervisor.token, 2026)).toEqual([2027]);
    const admin = await server.login('admin');
    const res = await server.api('/api/calendar/years/2027', {
      method: 'PUT',
      token: admin.token,
      body: JSON.stringify({ entries: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] }),
    });
    expect(res.status).toBe(200);
    expect(await missingYears(admin.token)).toEqual([]);
    now = new Date('2027-01-04T02:00:00Z');
    expect(await missingYears((await server.login('admin')).token)).toEqual([2028]);
  });

  it('keeps 元旦 off: a case accepted on 31 December 2026 is not due on 1 January 2027', async () => {
    now = new Date('2026-12-31T02:00:00Z'); // Thursday; Friday 1 January 2027 has no entry
    const supervisor = await server.login('supervisor');
    const { caseId, item } = await submittedCase(server, 'dxg-agent', now);
    const due = (await accept(supervisor.token, caseId)).dueDate;
    // Monday 4 January is the first working day; the remaining days run on weekends only until 1 May.
    expect(due).toBe(addWorkingDays('2027-01-04', item.timeLimitDays - 1));
    expect(workingDaysBetween('2026-12-31', due!, toWorkCalendar(holidays2026))).toBe(item.timeLimitDays);
  });
});

describe('pulling the calendar', () => {
  it('sends a tablet the whole calendar on its first pull and again after each edit, not otherwise', async () => {
    const agent = await server.login('dxg-agent');
    const pull = async (cursor: number) =>
      (await (await server.api(`/api/sync/pull?cursor=${cursor}&limit=1000`, { token: agent.token })).json()) as PullResponse;
    const first = await pull(0);
    expect(first.calendar).toHaveLength(holidays2026.length);
    expect((await pull(first.cursor)).calendar).toBeUndefined();

    const supervisor = await server.login('supervisor');
    await server.api('/api/calendar/entries/2026-10-07', { method: 'DELETE', token: supervisor.token });
    const next = await pull(first.cursor);
    expect(next.calendar).toHaveLength(holidays2026.length - 1);
    expect(next.calendar).not.toContainEqual(expect.objectContaining({ date: '2026-10-07' }));
  });
});

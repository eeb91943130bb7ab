import { addWorkingDays, type CalendarEntry } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullChanges } from '../sync/sync-engine.ts';
import { signedInTablet } from '../testing/test-tablet.ts';
import { storedWorkCalendar } from './calendar.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

describe('the holiday calendar on the tablet', () => {
  it('is pulled with the other township data, replaced after an edit, and counts working days offline', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    const pulled = await tablet.db.calendar.toArray();
    expect(pulled).toContainEqual({ date: '2026-10-10', kind: 'workday', name: '国庆节' });
    expect(pulled).toContainEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    // Accepted the day before 国庆 with a 10-working-day limit: due after the holiday and its 调休 Saturday.
    expect(addWorkingDays('2026-09-30', 10, await storedWorkCalendar(tablet.db))).toBe('2026-10-20');

    const supervisor = await server.login('supervisor');
    const headers = { authorization: `Bearer ${supervisor.token}` };
    const added: CalendarEntry = { date: '2026-11-23', kind: 'holiday', name: '补假' };
    await server.api('/api/calendar/entries/2026-10-10', { method: 'DELETE', headers });
    await server.api('/api/calendar/entries', { method: 'POST', headers, body: JSON.stringify(added) });
    await pullChanges(tablet.db, tablet.api);
    const after = await tablet.db.calendar.toArray();
    expect(after).toHaveLength(pulled.length);
    expect(after).toContainEqual(added);
    expect(after).not.toContainEqual(expect.objectContaining({ date: '2026-10-10' }));
    expect(addWorkingDays('2026-09-30', 10, await storedWorkCalendar(tablet.db))).toBe('2026-10-21');
  });
});

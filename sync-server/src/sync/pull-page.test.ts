import { type PullResponse, pullResponseSchema } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getApplicant, getCase, listLatestServiceItems } from '../db/index.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { principalOf } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { pullPage } from './pull-page.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

describe('a pulled page', () => {
  it('holds every kind of record exactly as stored, valid against the schema, and pages through them once each', async () => {
    const agent = await server.login('dxg-agent');
    const supervisor = await server.login('supervisor');
    const tablet = new FakeTablet(agent, server.now);
    const item = (await listLatestServiceItems(server.db, agent.township!.id))[0]!;
    const applicant = tablet.applicant();
    const opened = tablet.openedCase(applicant, item);
    const pushed = await server.api('/api/sync/push', {
      method: 'POST',
      token: agent.token,
      body: JSON.stringify({
        mutations: [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)],
      }),
    });
    expect(pushed.status).toBe(200);
    const holiday = { date: '2026-12-31', kind: 'holiday', name: '测试假日' };
    const added = await server.api('/api/calendar/entries', {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify(holiday),
    });
    expect(added.status).toBe(201);

    const who = await principalOf(server, agent);
    const whole = pullResponseSchema.parse(JSON.parse((await pullPage(server.db, who, 0, 1000)).json));
    expect(whole.hasMore).toBe(false);
    expect(whole.cases).toEqual([await getCase(server.db, opened.id)]);
    expect(whole.applicants).toEqual([await getApplicant(server.db, applicant.id)]);
    expect(whole.calendar).toContainEqual(holiday);
    expect(whole.villages.map((v) => v.code)).toContain('DXG');
    expect(whole.serviceItems.length).toBeGreaterThanOrEqual(20);
    expect(whole.agents.length).toBeGreaterThan(0);

    const pages: PullResponse[] = [];
    for (let cursor = 0; ; ) {
      const page = pullResponseSchema.parse(JSON.parse((await pullPage(server.db, who, cursor, 3)).json));
      pages.push(page);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    for (const kind of ['serviceItems', 'villages', 'applicants', 'cases', 'agents', 'duty'] as const) {
      expect(pages.flatMap((p): unknown[] => p[kind])).toEqual(whole[kind]);
    }
    expect(pages.filter((p) => p.calendar)).toHaveLength(1);
    expect(pages.at(-1)?.cursor).toBe(whole.cursor);
  });
});

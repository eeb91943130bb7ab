import { MAX_PUSH_BATCH, type Mutation } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { FakeTablet } from '@daiban/sync-server/testing/fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCases } from '../data/case-search.ts';
import { getMeta, setMeta } from '../data/meta.ts';
import { PAGE_MIN_RECORDS } from '../data/record-pages.ts';
import { dropAnswerOnce } from '../testing/sync-fixtures.ts';
import { signedInTablet, type TestTablet } from '../testing/test-tablet.ts';
import type { ApiClient } from './api-client.ts';
import { pullChanges, syncOnce } from './sync-engine.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const COUNT = PAGE_MIN_RECORDS + 50;

/** The agent's other tablet registered `count` villagers and opened a case for each, all on the ledger. */
async function villageWithCases(tablet: TestTablet, count = COUNT) {
  await pullChanges(tablet.db, tablet.api);
  const [item] = await tablet.db.serviceItems.toArray();
  const other = new FakeTablet(await server.login('dxg-agent'), server.now);
  const applicants = Array.from({ length: count }, (_, n) => other.applicant({ name: `村民${n}号` }));
  const mutations: Mutation[] = [
    ...applicants.map((a) => other.mutation('applicant.register', a)),
    ...applicants.map((a) => other.mutation('case.open', other.openedCase(a, item!))),
  ];
  for (let start = 0; start < mutations.length; start += MAX_PUSH_BATCH) {
    const res = await server.api('/api/sync/push', {
      method: 'POST',
      token: other.session.token,
      body: JSON.stringify({ mutations: mutations.slice(start, start + MAX_PUSH_BATCH) }),
    });
    expect(res.status).toBe(200);
  }
}

/** What the ledger holds of the tablet's village, as another fresh tablet pulls it row by row. */
async function casesOnLedger() {
  const res = await server.api('/api/sync/pull?cursor=0&limit=1000', { token: (await server.login('dxg-agent')).token });
  return ((await res.json()) as { cases: { id: string }[] }).cases;
}

describe('a first sync stored a page to a row', () => {
  it('shows, edits and syncs pulled cases kept in pages, and a pull from the start replaces the pages', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await villageWithCases(tablet);
    await pullChanges(tablet.db, tablet.api);
    const { db, commands } = tablet;

    // The page of 500 changes is stored whole, as it came; its villagers and cases have no row of their own.
    expect(await db.pages.count()).toBe(1);
    expect((await db.pageIds.toArray()).map((p) => [p.table, p.ids.length])).toEqual([
      ['applicants', COUNT],
      ['cases', COUNT],
    ]);
    expect(await db.cases.count()).toBe(COUNT);
    const onLedger = await casesOnLedger();
    // As it came: gzipped (a tenth of its JSON and less), then sealed.
    const [stored] = await db.pages.toArray();
    expect(stored).toMatchObject({ sealed: 1, gzip: 1 });
    expect(stored!.bytes.length).toBeLessThan(JSON.stringify(onLedger).length / 10);
    expect(await db.cases.bulkGet(onLedger.map((c) => c.id))).toEqual(onLedger);
    expect((await listCases(db, { text: '村民17号' })).ids).toHaveLength(1);

    // An edit offline: the pulled version is kept as the server's, the view changes, both sync.
    const [caseId] = (await listCases(db, { text: '村民17号' })).ids;
    await commands.receiveCase(caseId!, '材料后补');
    expect(await db.serverCases.get(caseId!)).toMatchObject({ status: 'draft' });
    expect(await db.cases.get(caseId!)).toMatchObject({ status: 'received' });
    await syncOnce(db, tablet.api);
    expect(await db.outbox.count()).toBe(0);
    const received = (await casesOnLedger()).find((c) => c.id === caseId);
    expect(received).toMatchObject({ history: [{ type: 'case.open' }, { type: 'case.receive' }] });
    expect(await db.cases.get(caseId!)).toEqual(received);

    // Everything pulled again (a restored server, say): new pages hold the newest versions, rows of
    // their own go, and every read still gives the ledger's records.
    await setMeta(db, 'cursor', 0);
    await pullChanges(db, tablet.api);
    const again = await casesOnLedger();
    expect(await db.cases.bulkGet(again.map((c) => c.id))).toEqual(again);
    expect((await db.cases.toArray()).map((c) => c.id).sort()).toEqual(again.map((c) => c.id).sort());
    expect(await db.cases.get(caseId!)).toEqual(received);
  });

  it('asks for each next page as its answer arrives, before the page is read; a lost answer drops what came ahead, and nothing is missed', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await villageWithCases(tablet, 1000);
    // 2,000 changes in three pages of 1,000 at most. The second answer is lost on the way back.
    const events: string[] = [];
    const logged = (api: ApiClient): ApiClient => ({
      ...api,
      pull: (cursor, limit, onNext) => {
        events.push(`asked ${cursor}`);
        return api.pull(cursor, limit, onNext).then((pulled) => {
          events.push(`read ${cursor}`);
          return pulled;
        });
      },
    });
    const lossy = dropAnswerOnce('pull', 2)(logged(tablet.api));
    await expect(pullChanges(tablet.db, lossy)).rejects.toThrow('connection dropped');
    const [first, second] = events.filter((e) => e.startsWith('asked')).map((e) => Number(e.split(' ')[1]));
    expect(events.indexOf(`asked ${second}`)).toBeLessThan(events.indexOf(`read ${first}`));
    // Only the first page is stored: the cursor moved with it, and not past the lost one.
    expect(await getMeta(tablet.db, 'cursor')).toBe(second);

    events.length = 0;
    await pullChanges(tablet.db, lossy);
    expect(events[0]).toBe(`asked ${second}`);
    expect(await tablet.db.cases.count()).toBe(1000);
    expect(await tablet.db.applicants.count()).toBeGreaterThanOrEqual(1000);
    expect(await tablet.db.outbox.count()).toBe(0);
  });
});

import { MAX_PUSH_BATCH, type Mutation } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { FakeTablet } from '@daiban/sync-server/testing/fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCases } from '../data/case-search.ts';
import { setMeta } from '../data/meta.ts';
import { PAGE_MIN_RECORDS } from '../data/record-pages.ts';
import { signedInTablet, type TestTablet } from '../testing/test-tablet.ts';
import { pullChanges, syncOnce } from './sync-engine.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const COUNT = PAGE_MIN_RECORDS + 50;

/** The agent's other tablet registered COUNT villagers and opened a case for each, all on the ledger. */
async function villageWithCases(tablet: TestTablet) {
  await pullChanges(tablet.db, tablet.api);
  const [item] = await tablet.db.serviceItems.toArray();
  const other = new FakeTablet(await server.login('dxg-agent'), server.now);
  const applicants = Array.from({ length: COUNT }, (_, n) => other.applicant({ name: `村民${n}号` }));
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

    // The page of 500 changes came as one row of villagers and one of cases, with no row of their own.
    expect(await db.pages.count()).toBe(2);
    expect(await db.cases.count()).toBe(COUNT);
    const onLedger = await casesOnLedger();
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
});

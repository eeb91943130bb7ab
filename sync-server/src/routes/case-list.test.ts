import type { CaseListPage, VillageList } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerHead } from '../db/index.ts';
import { otherTownshipAccount, submittedCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let clock: Date;
let server: TestServer;
beforeEach(async () => {
  clock = new Date('2026-11-20T02:00:00Z');
  server = await startTestServer({ now: () => clock });
});
afterEach(() => server.close());

const tick = () => {
  clock = new Date(clock.getTime() + 60_000);
};

/** A village's agent who submits cases to the township at the server's clock; `draft` opens one without submitting it. */
async function villageAgent(username = 'dxg-agent') {
  const { tablet, item, push, caseId, agent } = await submittedCase(server, username);
  const open = async (submit: boolean) => {
    const applicant = tablet.applicant();
    const opened = tablet.openedCase(applicant, item);
    const mutations = [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)];
    const res = await push(submit ? [...mutations, tablet.receive(opened.id)] : mutations);
    expect(res.status).toBe(200);
    return opened.id;
  };
  return {
    villageId: agent.village!.id,
    firstCaseId: caseId,
    submit: () => open(true),
    draft: () => open(false),
  };
}

async function page(token: string, query: string): Promise<CaseListPage> {
  const res = await server.api(`/api/cases?${query}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as CaseListPage;
}

describe('the township case list, a page at a time', () => {
  it('covers every case exactly once, first submitted first, while cases are submitted between pages', async () => {
    const dxg = await villageAgent();
    const expected = [dxg.firstCaseId];
    // Two cases at each minute: ties of submission are ordered by id.
    for (let minute = 0; minute < 3; minute++) {
      tick();
      const pair = [await dxg.submit(), await dxg.submit()].sort();
      expected.push(...pair);
    }
    const { token } = await server.login('supervisor');
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const got: CaseListPage = await page(token, `status=submitted&limit=2${next ? `&after=${next}` : ''}`);
      expect(got.cases.length).toBeLessThanOrEqual(2);
      seen.push(...got.cases.map((c) => c.id));
      next = got.next;
      pages += 1;
      if (pages === 2) {
        // Cases reaching the township while the supervisor reads come after the ones waiting.
        tick();
        expected.push(await dxg.submit());
      }
    } while (next !== null);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(4);
  });

  it('lists a case never submitted after the submitted ones, across a page boundary', async () => {
    const dxg = await villageAgent();
    tick();
    const second = await dxg.submit();
    const drafts = [await dxg.draft(), await dxg.draft()].sort();
    const { token } = await server.login('supervisor');
    const first: CaseListPage = await page(token, 'limit=3');
    expect(first.cases.map((c) => c.id)).toEqual([dxg.firstCaseId, second, drafts[0]]);
    expect(first.cases[2]!.submittedAt).toBeUndefined();
    const rest: CaseListPage = await page(token, `limit=3&after=${first.next}`);
    expect(rest).toEqual({ cases: [expect.objectContaining({ id: drafts[1], status: 'draft' })], next: null });
  });

  it('answers the default page of 50 with no next when everything fits', async () => {
    const dxg = await villageAgent();
    const { token } = await server.login('supervisor');
    expect(await page(token, 'status=submitted')).toEqual({
      cases: [expect.objectContaining({ id: dxg.firstCaseId })],
      next: null,
    });
  });

  it('filters by one village of the township, paged the same way', async () => {
    const dxg = await villageAgent();
    const dnh = await villageAgent('dnh-agent');
    tick();
    const dnhSecond = await dnh.submit();
    await dxg.submit();
    const { token } = await server.login('supervisor');
    const first: CaseListPage = await page(token, `status=submitted&villageId=${dnh.villageId}&limit=1`);
    expect(first.cases.map((c) => [c.id, c.villageId])).toEqual([[dnh.firstCaseId, dnh.villageId]]);
    const second: CaseListPage = await page(token, `status=submitted&villageId=${dnh.villageId}&limit=1&after=${first.next}`);
    expect(second).toEqual({ cases: [expect.objectContaining({ id: dnhSecond, villageId: dnh.villageId })], next: null });
  });

  it('refuses a village of another township, and one that does not exist, with 404', async () => {
    await villageAgent();
    await otherTownshipAccount(server);
    const { token } = await server.login('supervisor');
    for (const villageId of ['v-other', 'no-such-village']) {
      const res = await server.api(`/api/cases?status=submitted&villageId=${villageId}`, { token });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/villageId is not a village/);
    }
  });

  it('refuses a bad limit or cursor with 400 and a message, and writes nothing', async () => {
    await villageAgent();
    const { token } = await server.login('supervisor');
    const before = await ledgerHead(server.db);
    const badCursor = Buffer.from(JSON.stringify(['yesterday', 'not-an-id'])).toString('base64url');
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=2.5', 'after=%25%25%25', `after=${badCursor}`, 'after=']) {
      const res = await server.api(`/api/cases?status=submitted&${query}`, { token });
      expect(res.status, query).toBe(400);
      const { error } = (await res.json()) as { error: { reason: string; message: string } };
      expect(error.reason, query).toBe('validation_failed');
      expect(error.message, query).not.toBe('');
    }
    expect(await ledgerHead(server.db)).toEqual(before);
  });
});

describe('the township’s villages', () => {
  it('lists the caller’s township’s villages by code, none of another township', async () => {
    await otherTownshipAccount(server);
    const { token, township } = await server.login('supervisor');
    const res = await server.api('/api/villages', { token });
    expect(res.status).toBe(200);
    const { villages } = (await res.json()) as VillageList;
    const codes = villages.map((v) => v.code);
    expect(codes).toContain('DXG');
    expect(codes).toEqual([...codes].sort());
    expect(new Set(villages.map((v) => v.townshipId))).toEqual(new Set([township!.id]));
    expect(villages.map((v) => v.id)).not.toContain('v-other');
  });
});

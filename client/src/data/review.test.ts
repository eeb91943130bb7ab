import type { Mutation } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { FakeTablet } from '@daiban/sync-server/testing/fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../sync/api-client.ts';
import { readQueuePage } from './review.ts';

let clock: Date;
let server: TestServer;
beforeEach(async () => {
  clock = new Date('2026-11-20T02:00:00Z');
  server = await startTestServer({ now: () => clock });
});
afterEach(() => server.close());

async function signedIn(username: string) {
  const session = await server.login(username);
  return { session, api: createApiClient({ baseUrl: server.url, token: async () => session.token }) };
}

/** `username`'s village submits `count` cases to the township at the server's clock; their ids. */
async function submitCases(username: string, count: number): Promise<string[]> {
  const { session, api } = await signedIn(username);
  const item = (await api.pull(0, 1000)).page.serviceItems[0]!;
  const tablet = new FakeTablet(session, server.now);
  const mutations: Mutation[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const applicant = tablet.applicant();
    const opened = tablet.openedCase(applicant, item);
    mutations.push(
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
      tablet.receive(opened.id),
    );
    ids.push(opened.id);
  }
  const { results } = await api.push(mutations);
  expect(results.filter((r) => r.outcome !== 'applied')).toEqual([]);
  return ids;
}

describe('the township queue, read a page at a time', () => {
  it('shows the first 50 cases, then adds the next page, each case once, cases submitted meanwhile at the end', async () => {
    // Submitted at one moment: the server orders them by id.
    const waiting = (await submitCases('dxg-agent', 52)).sort();
    const { api } = await signedIn('supervisor');
    const first = await readQueuePage({ status: 'submitted' }, undefined, api);
    expect(first.cases.map((c) => c.id)).toEqual(waiting.slice(0, 50));
    expect(first.next).not.toBeNull();

    clock = new Date(clock.getTime() + 60_000);
    const later = await submitCases('dnh-agent', 1);
    const all = await readQueuePage({ status: 'submitted' }, first, api);
    expect(all).toEqual({ cases: expect.any(Array), next: null });
    expect(all.cases.map((c) => c.id)).toEqual([...waiting, ...later]);
    // Past the last page there is nothing more to ask for.
    expect(await readQueuePage({ status: 'submitted' }, all, api)).toBe(all);
  });

  it('shows one village’s cases when asked', async () => {
    await submitCases('dxg-agent', 2);
    const dnh = await submitCases('dnh-agent', 1);
    const { api } = await signedIn('supervisor');
    const dnhVillage = (await server.login('dnh-agent')).village!.id;
    const { villages } = await api.listVillages();
    expect(villages.map((v) => v.id)).toContain(dnhVillage);
    expect(await readQueuePage({ status: 'submitted', villageId: dnhVillage }, undefined, api)).toEqual({
      cases: [expect.objectContaining({ id: dnh[0], villageId: dnhVillage })],
      next: null,
    });
  });
});

import type { Mutation, PullResponse, ServiceItem } from '@daiban/schemas';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { principalOf } from '../testing/scenes.ts';
import { startTestServer, TEST_ENGINE, type TestServer } from '../testing/test-server.ts';
import { applyPush } from './apply-push.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

// On PostgreSQL every statement is a round trip, made while the push holds the ledger's writer lock.
describe.runIf(TEST_ENGINE === 'postgres')('a push on PostgreSQL', () => {
  it('sends the same few statements to the database whatever the number of mutations in the batch', async () => {
    const session = await server.login('dxg-agent');
    const who = await principalOf(server, session);
    const tablet = new FakeTablet(session, server.now);
    const item = ((await (await server.api('/api/sync/pull', { token: session.token })).json()) as PullResponse)
      .serviceItems[0] as ServiceItem;
    // Villagers registered, a case opened for each, a material collected, the case received.
    const day = (villagers: number): Mutation[] =>
      Array.from({ length: villagers }, () => {
        const applicant = tablet.applicant();
        const opened = tablet.openedCase(applicant, item);
        const material = { caseId: opened.id, key: opened.materials[0]!.key, status: 'collected' as const, attachments: [] };
        return [
          tablet.mutation('applicant.register', applicant),
          tablet.mutation('case.open', opened),
          tablet.mutation('case.setMaterial', { ...material, base: null }),
          tablet.receive(opened.id),
        ];
      }).flat();
    const statementsOf = async (mutations: Mutation[]): Promise<number> => {
      const sent = vi.spyOn(pg.Client.prototype, 'query');
      const results = await applyPush(server.db, who, mutations, server.now());
      expect(results.map((r) => r.outcome)).toEqual(mutations.map(() => 'applied'));
      const count = sent.mock.calls.length;
      sent.mockRestore();
      return count;
    };

    await statementsOf(day(1)); // the first push reads the catalog, kept for the pushes after it
    const small = await statementsOf(day(2));
    const large = await statementsOf(day(25));

    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(20);
  });
});

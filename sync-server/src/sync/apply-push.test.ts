import type { Mutation } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventsOf, getApplicant, verifyLedger } from '../db/index.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { principalOf } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { applyPush } from './apply-push.ts';
import { Refusal } from './refusal.ts';

// A mutation registering a villager named 写后拒绝 writes an event and then refuses: the rule
// that mutations refuse before writing, broken on purpose, to show the batch still loses no
// more and keeps no less than that one mutation.
vi.mock('./apply-mutation.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./apply-mutation.ts')>();
  return {
    ...actual,
    applyMutation: async (...args: Parameters<typeof actual.applyMutation>) => {
      const [batch, , m] = args;
      if (m.type === 'applicant.register' && m.payload.name === '写后拒绝') {
        await batch.append({
          type: 'test.stray',
          entityId: m.payload.id,
          villageId: null,
          accountId: null,
          deviceId: null,
          mutationId: null,
          hlc: null,
          payload: {},
          recordedAt: server.now().toISOString(),
        });
        throw new Refusal('invalid_transition', 'refused after writing');
      }
      return actual.applyMutation(...args);
    },
  };
});

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const count = async (table: string) => ((await server.db.get(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }).n;

describe('applying a batch', () => {
  it('rolls back only the writes of a mutation that refuses after writing, and applies the rest', async () => {
    const session = await server.login('dxg-agent');
    const who = await principalOf(server, session);
    const tablet = new FakeTablet(session, server.now);
    const [before, stray, after] = [tablet.applicant(), tablet.applicant({ name: '写后拒绝' }), tablet.applicant()];
    const batch: Mutation[] = [before, stray, after].map((a) => tablet.mutation('applicant.register', a));
    const events = await count('events');

    const results = await applyPush(server.db, who, batch, server.now());

    expect(results.map((r) => r.outcome)).toEqual(['applied', 'refused', 'applied']);
    expect(results[1]).toMatchObject({ reason: 'invalid_transition', message: 'refused after writing' });
    expect(await eventsOf(server.db, stray.id)).toEqual([]);
    expect(await count('events')).toBe(events + 2);
    expect(await getApplicant(server.db, before.id)).toEqual(before);
    expect(await getApplicant(server.db, stray.id)).toBeUndefined();
    expect(await getApplicant(server.db, after.id)).toEqual(after);
    expect(await count('mutation_results')).toBe(3);
    expect((await verifyLedger(server.db)).ok).toBe(true);
  });

  it('answers a refusal that wrote nothing without running the batch again', async () => {
    const session = await server.login('dxg-agent');
    const who = await principalOf(server, session);
    const tablet = new FakeTablet(session, server.now);
    const twin = tablet.applicant();
    const batch: Mutation[] = [
      tablet.mutation('applicant.register', twin),
      tablet.mutation('applicant.register', { ...twin, id: crypto.randomUUID() }),
    ];
    const savepoints = vi.spyOn(server.db, 'transaction');

    const results = await applyPush(server.db, who, batch, server.now());

    expect(results.map((r) => r.reason ?? r.outcome)).toEqual(['applied', 'duplicate_id_number']);
    expect(savepoints).toHaveBeenCalledTimes(1);
  });
});

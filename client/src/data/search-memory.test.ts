import type { Applicant, Case } from '@daiban/schemas';
import { liveQuery } from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applicantIdsNamed } from './applicant-search.ts';
import { listCases, MAX_APPLICANT_MATCHES } from './case-search.ts';
import { DaibanDb } from './db.ts';
import { VaultLockedError } from './sealing.ts';
import { warmCaseLists, warmNames } from './search-warming.ts';
import { createVault, forgetVault, loadVaultState } from './vault.ts';

const dbs: DaibanDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});
const newDb = () => {
  const db = new DaibanDb(`search-memory-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
};

const applicantId = (n: number) => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const caseId = (n: number) => `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const villager = (n: number, name: string): Applicant => ({
  id: applicantId(n),
  villageId: 'v-dxg',
  name,
  idNumber: `43098119480305${String(n).padStart(3, '0')}X`,
  flags: [],
  createdAt: '2026-11-01T00:00:00.000Z',
});
const aCase = (n: number, ofApplicant: number, hour: number): Case => ({
  id: caseId(n),
  caseNumber: `DXG-T01-20261101-${String(n).padStart(4, '0')}`,
  villageId: 'v-dxg',
  serviceItemCode: 'MZ-001',
  serviceItemVersion: 1,
  applicantId: applicantId(ofApplicant),
  agentId: 'a',
  deviceId: 'd',
  channel: 'walk_in',
  materials: [],
  notes: '',
  status: 'submitted',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: `2026-11-02T${String(hour).padStart(2, '0')}:00:00.000Z`,
});

/**
 * What a search must answer, worked out from every record without any index or memory: the first
 * `limit` villagers (by id) whose name starts with the term, in name order; then each one's cases,
 * newest change first (the index's order: by id among cases changed at the same time).
 */
async function expected(db: DaibanDb, term: string, limit: number) {
  const villagers = (await db.applicants.toArray())
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .filter((a) => a.name.startsWith(term))
    .slice(0, limit)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const cases = await db.cases.toArray();
  const newestFirst = (a: Case, b: Case) =>
    a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.id < b.id ? 1 : -1;
  const caseIds = villagers.flatMap((v) =>
    cases
      .filter((c) => c.applicantId === v.id)
      .sort(newestFirst)
      .map((c) => c.id),
  );
  return { applicantIds: villagers.map((v) => v.id), caseIds };
}

/** One live query, subscribed once: `next(done)` waits (a second at most) for a value that passes `done`. */
function watch<T>(query: () => Promise<T>) {
  const values: T[] = [];
  let wake = () => {};
  const subscription = liveQuery(query).subscribe({
    next: (value) => {
      values.push(value);
      wake();
    },
  });
  return {
    async next(done: (value: T) => boolean): Promise<T> {
      const deadline = Date.now() + 1000;
      for (;;) {
        const found = values.find(done);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`the live query never showed it: ${JSON.stringify(values.at(-1))}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
    stop: () => subscription.unsubscribe(),
  };
}

// Few villagers, few names and terms: searches overlap, and writes land on villagers a search has seen.
const NAMES = fc.stringMatching(/^[周王大][周王大]{0,2}$/);
const TERMS = fc.stringMatching(/^[周王大]{1,2}$/);
const VILLAGER = fc.nat(4);
const CASE = fc.nat(11);
const operation = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('search' as const), term: TERMS }), weight: 3 },
  fc.record({ op: fc.constant('rename' as const), applicant: VILLAGER, name: NAMES }),
  fc.record({ op: fc.constant('deleteVillager' as const), applicant: VILLAGER }),
  {
    arbitrary: fc.record({ op: fc.constant('writeCase' as const), case: CASE, applicant: VILLAGER, hour: fc.nat(23) }),
    weight: 2,
  },
  fc.record({ op: fc.constant('deleteCase' as const), case: CASE }),
  // Warming started in the background: its slices interleave with the steps after it.
  fc.record({
    op: fc.constant('warm' as const),
    what: fc.constantFrom(warmNames, warmCaseLists),
    slice: fc.integer({ min: 1, max: 3 }),
  }),
);

/** The next task: warming's stand-in for an idle moment, so that its slices land between the steps. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('search memory', () => {
  it('answers every search as the records stand, through any writes of villagers and cases in between and any warming', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(NAMES, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(VILLAGER, fc.nat(23)), { maxLength: 8 }),
        fc.array(operation, { minLength: 5, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        async (names, cases, operations, limit) => {
          const db = newDb();
          await db.applicants.bulkPut(names.map((name, n) => villager(n, name)));
          await db.cases.bulkPut(cases.map(([of, hour], n) => aCase(n, of % names.length, hour)));
          const warming = new AbortController();
          const warmed: Promise<void>[] = [];
          for (const step of operations) {
            if (step.op === 'warm') warmed.push(step.what(db, warming.signal, { idle: nextTask, slice: step.slice }));
            if (step.op === 'rename') await db.applicants.put(villager(step.applicant, step.name));
            if (step.op === 'deleteVillager') await db.applicants.delete(applicantId(step.applicant));
            if (step.op === 'writeCase') await db.cases.put(aCase(step.case, step.applicant, step.hour));
            if (step.op === 'deleteCase') await db.cases.delete(caseId(step.case));
            if (step.op !== 'search') continue;
            const { applicantIds } = await expected(db, step.term, limit);
            expect(await applicantIdsNamed(db, step.term, limit)).toEqual(applicantIds);
            const { caseIds } = await expected(db, step.term, MAX_APPLICANT_MATCHES);
            expect((await listCases(db, { text: step.term })).ids).toEqual(caseIds);
          }
          warming.abort();
          await Promise.all(warmed);
          await db.delete();
        },
      ),
      { numRuns: 100 },
    );
  });

  it("warms to every villager's name and case list, and a search after it reads no villager nor case list", async () => {
    const db = newDb();
    await db.applicants.bulkPut([villager(0, '周桂香'), villager(1, '周大明'), villager(2, '王建国'), villager(3, '周文')]);
    await db.cases.bulkPut([aCase(0, 0, 1), aCase(1, 1, 2), aCase(2, 0, 3), aCase(3, 3, 4), aCase(4, 0, 5)]);
    const signal = new AbortController().signal;
    await warmNames(db, signal, { idle: nextTask, slice: 2 });
    expect(Object.fromEntries(db.searchMemory.names)).toEqual({
      [applicantId(0)]: '周桂香',
      [applicantId(1)]: '周大明',
      [applicantId(2)]: '王建国',
      [applicantId(3)]: '周文',
    });
    // Slices of 2 keys: the first holds all 3 cases of villager 0, the second villagers 1 to 3.
    let slices = 0;
    await warmCaseLists(db, signal, { idle: async () => void slices++, slice: 2 });
    expect(slices).toBe(2);
    expect(Object.fromEntries(db.searchMemory.casesOf)).toEqual({
      [applicantId(0)]: [caseId(4), caseId(2), caseId(0)],
      [applicantId(1)]: [caseId(1)],
      [applicantId(2)]: [],
      [applicantId(3)]: [caseId(3)],
    });
    const bulkGet = vi.spyOn(db.applicants, 'bulkGet');
    const caseKeys = vi.spyOn(db.cases.core, 'query');
    expect((await listCases(db, { text: '周' })).ids).toEqual([caseId(1), caseId(3), caseId(4), caseId(2), caseId(0)]);
    expect(bulkGet).not.toHaveBeenCalled();
    // Only the two one-key reads that let a live search watch every case.
    expect(caseKeys.mock.calls.map(([req]) => req.limit)).toEqual([1, 1]);
  });

  it('reads the names of many villagers no search has seen in one request, and a few by id', async () => {
    const db = newDb();
    await db.applicants.bulkPut(Array.from({ length: 40 }, (_, n) => villager(n, `周${String(n).padStart(2, '0')}`)));
    const getMany = vi.spyOn(db.applicants.core, 'getMany');
    const query = vi.spyOn(db.applicants.core, 'query');
    const first30 = Array.from({ length: 30 }, (_, n) => applicantId(n));
    expect(await applicantIdsNamed(db, '周', 30)).toEqual(first30);
    // The matches' keys, then their records through the same index: two requests, not thirty-one.
    expect(getMany).not.toHaveBeenCalled();
    expect(query.mock.calls.map(([req]) => req.values)).toEqual([false, true]);
    await db.applicants.bulkPut([villager(3, '周03'), villager(4, '周04')]);
    expect(await applicantIdsNamed(db, '周', 30)).toEqual(first30);
    expect(getMany.mock.calls.map(([req]) => req.keys)).toEqual([[applicantId(3), applicantId(4)]]);
  });

  it('warms the case lists while the vault is closed, before the PIN: no case or villager is opened', async () => {
    const before = newDb();
    await before.applicants.bulkPut([villager(0, '周桂香'), villager(1, '周大明')]);
    await before.cases.bulkPut([aCase(0, 0, 1), aCase(1, 1, 2), aCase(2, 0, 3)]);
    await createVault(before, 'daiban-agent');
    before.close();
    // The app started again: the records are sealed and the vault waits for the PIN.
    const db = new DaibanDb(before.name);
    dbs.push(db);
    await loadVaultState(db);
    await expect(db.applicants.toArray()).rejects.toBeInstanceOf(VaultLockedError);
    await warmCaseLists(db, new AbortController().signal, { idle: nextTask });
    expect(Object.fromEntries(db.searchMemory.casesOf)).toEqual({
      [applicantId(0)]: [caseId(2), caseId(0)],
      [applicantId(1)]: [caseId(1)],
    });
  });

  it('warms only a second after the last search, so that typing never waits behind it', async () => {
    const db = newDb();
    await db.applicants.bulkPut([villager(0, '周桂香'), villager(1, '周大明')]);
    await db.cases.bulkPut([aCase(0, 0, 1)]);
    expect((await listCases(db, { text: '王' })).count).toBe(0);
    const searched = performance.now();
    const signal = new AbortController().signal;
    const warmed = Promise.all([warmNames(db, signal), warmCaseLists(db, signal)]);
    await nextTask();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(db.searchMemory.names.size).toBe(0);
    expect(db.searchMemory.casesOf.size).toBe(0);
    await warmed;
    expect(performance.now() - searched).toBeGreaterThanOrEqual(1000);
    expect(db.searchMemory.names.size).toBe(2);
    expect(db.searchMemory.casesOf.get(applicantId(0))).toEqual([caseId(0)]);
  });

  it('stops warming when the vault closes', async () => {
    const db = newDb();
    await db.applicants.bulkPut([villager(0, '周桂香'), villager(1, '周大明'), villager(2, '王建国')]);
    const warming = new AbortController();
    let slices = 0;
    await warmNames(db, warming.signal, {
      slice: 1,
      idle: async () => {
        if (++slices === 2) {
          forgetVault(db);
          warming.abort();
        }
      },
    });
    expect(slices).toBe(2);
    expect(db.searchMemory.names.size).toBe(0);
  });

  it('stops warming without an error when the tablet signs off and its database is deleted', async () => {
    for (const warm of [warmCaseLists, warmNames]) {
      const db = newDb();
      await db.applicants.bulkPut([villager(0, '周桂香'), villager(1, '周大明'), villager(2, '王建国')]);
      await db.cases.bulkPut([aCase(0, 0, 1), aCase(1, 1, 2), aCase(2, 2, 3)]);
      let slices = 0;
      const deleted: Promise<void>[] = [];
      const idle = async () => {
        if (++slices === 2) deleted.push(db.delete());
      };
      await expect(warm(db, new AbortController().signal, { idle, slice: 1 })).resolves.toBeUndefined();
      await Promise.all(deleted);
      expect(slices).toBe(2);
    }
  });

  it('keeps names and case lists only until the tablet signs off', async () => {
    const db = newDb();
    await db.applicants.bulkPut([villager(0, '周桂香'), villager(1, '周大明')]);
    await db.cases.bulkPut([aCase(0, 0, 1), aCase(1, 1, 2)]);
    expect((await listCases(db, { text: '周' })).count).toBe(2);
    expect(db.searchMemory.names.size).toBe(2);
    expect(db.searchMemory.casesOf.size).toBe(2);
    forgetVault(db);
    expect(db.searchMemory.names.size).toBe(0);
    expect(db.searchMemory.casesOf.size).toBe(0);
  });

  it('keeps a live search up to date when villagers and cases change after it was answered from memory', async () => {
    const db = newDb();
    await db.applicants.bulkPut([villager(0, '周桂香'), villager(1, '王建国')]);
    await db.cases.bulkPut([aCase(0, 0, 1), aCase(1, 1, 2)]);
    // As the case list's hook asks (queries.ts, useCaseListing): an async querier.
    const search = async () => listCases(db, { text: '周' });
    // Once before, so that the live query answers from memory.
    await search();
    const live = watch(search);
    const shows = (ids: string[]) => live.next((listing) => JSON.stringify(listing.ids) === JSON.stringify(ids));
    await shows([caseId(0)]);
    // A new case of a villager found, and one moved to her from another villager.
    await db.cases.put(aCase(2, 0, 5));
    await shows([caseId(2), caseId(0)]);
    await db.cases.put(aCase(1, 0, 3));
    await shows([caseId(2), caseId(1), caseId(0)]);
    // A newly registered villager with a case, then a case deleted (a refused creation leaves the view).
    await db.transaction('rw', db.applicants, db.cases, async () => {
      await db.applicants.put(villager(2, '周大明'));
      await db.cases.put(aCase(3, 2, 9));
    });
    await shows([caseId(3), caseId(2), caseId(1), caseId(0)]);
    await db.cases.delete(caseId(1));
    await shows([caseId(3), caseId(2), caseId(0)]);
    // A case moved by update(), which reads it first (so its old place in the index is known), away
    // from a villager whose list came from memory; then a villager renamed out of the search.
    await db.cases.update(caseId(3), { applicantId: applicantId(1) });
    await shows([caseId(2), caseId(0)]);
    await db.applicants.put(villager(0, '王桂香'));
    await shows([]);
    live.stop();
  });
});

import type { Applicant, Case } from '@daiban/schemas';
import { liveQuery } from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applicantsNamed } from './applicant-search.ts';
import { listCases, MAX_APPLICANT_MATCHES } from './case-search.ts';
import { DaibanDb, type PasswordLock } from './db.ts';
import { recordsOf } from './record-index.ts';
import { VaultLockedError } from './sealing.ts';
import { createVault, dataKeyFromPassword, forgetVault, loadVaultState, openVault } from './vault.ts';

const dbs: DaibanDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});
const newDb = () => {
  const db = new DaibanDb(`record-index-${crypto.randomUUID()}`);
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
 * What a search must answer, worked out from every record without any index: the first `limit`
 * villagers in name order (namesakes by id) whose name starts with the term; then each one's cases,
 * newest change first (by id among cases changed at the same moment).
 */
async function expected(db: DaibanDb, term: string, limit: number) {
  const villagers = (await db.applicants.toArray())
    .filter((a) => a.name.startsWith(term))
    .sort((a, b) => (a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.id < b.id ? -1 : 1))
    .slice(0, limit);
  const cases = await db.cases.toArray();
  const newestFirst = (a: Case, b: Case) =>
    a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.id < b.id ? 1 : -1;
  const caseIds = villagers.flatMap((v) =>
    cases
      .filter((c) => c.applicantId === v.id)
      .sort(newestFirst)
      .map((c) => c.id),
  );
  return { applicantIds: villagers.map((v) => v.id), caseIds, all: [...cases].sort(newestFirst).map((c) => c.id) };
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
  // A transaction that writes a case, then fails: IndexedDB undoes the write, and so must the index.
  fc.record({ op: fc.constant('undone' as const), case: CASE, applicant: VILLAGER, hour: fc.nat(23) }),
  // The vault closed and opened again: the index is built anew, while the next write is made.
  fc.record({ op: fc.constant('forget' as const) }),
);

describe('record index', () => {
  it('answers every list and search as the records stand, through writes, undone writes and rebuilds', async () => {
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
          let building: Promise<unknown> | undefined;
          for (const step of operations) {
            if (step.op === 'forget') {
              db.records.clear();
              building = recordsOf(db, 'cases', 'applicants');
            }
            if (step.op === 'rename') await db.applicants.put(villager(step.applicant, step.name));
            if (step.op === 'deleteVillager') await db.applicants.delete(applicantId(step.applicant));
            if (step.op === 'writeCase') await db.cases.put(aCase(step.case, step.applicant, step.hour));
            if (step.op === 'deleteCase') await db.cases.delete(caseId(step.case));
            if (step.op === 'undone') {
              await expect(
                db.transaction('rw', db.cases, async () => {
                  await db.cases.put(aCase(step.case, step.applicant, step.hour));
                  throw new Error('failed after the write');
                }),
              ).rejects.toThrow('failed after the write');
            }
            await building;
            building = undefined;
            if (step.op !== 'search') continue;
            const want = await expected(db, step.term, limit);
            expect(applicantsNamed(await recordsOf(db, 'applicants'), step.term, limit).map((a) => a.id)).toEqual(
              want.applicantIds,
            );
            const { caseIds } = await expected(db, step.term, MAX_APPLICANT_MATCHES);
            expect((await listCases(db, { text: step.term })).ids).toEqual(caseIds);
            expect((await listCases(db, {})).ids).toEqual(want.all);
          }
          await db.delete();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reads no case and no villager for a list or a search once built, and is dropped when the vault closes', async () => {
    const db = newDb();
    await db.applicants.bulkPut([villager(0, '周桂香'), villager(1, '周大明'), villager(2, '王建国'), villager(3, '周文')]);
    await db.cases.bulkPut([aCase(0, 0, 1), aCase(1, 1, 2), aCase(2, 0, 3), aCase(3, 3, 4), aCase(4, 0, 5)]);
    await recordsOf(db, 'cases', 'applicants');
    const reads = (['cases', 'applicants'] as const).flatMap((t) =>
      (['get', 'getMany', 'query'] as const).map((method) => vi.spyOn(db.table(t).core, method)),
    );
    const cursors = vi.spyOn(db.cases.core, 'openCursor');
    expect((await listCases(db, { text: '周' })).ids).toEqual([caseId(1), caseId(3), caseId(4), caseId(2), caseId(0)]);
    expect((await listCases(db, { text: '002X' })).ids).toEqual([]);
    expect((await listCases(db, { text: '003x' })).ids).toEqual([caseId(3)]);
    for (const read of reads) expect(read).not.toHaveBeenCalled();
    // Only the cursors that let a live list watch every case, opened without values and never moved.
    expect(cursors.mock.calls.map(([req]) => req.values)).toEqual([false, false, false]);
    expect(db.records.isBuilt('cases') && db.records.isBuilt('applicants')).toBe(true);
    forgetVault(db);
    expect(db.records.isBuilt('cases') || db.records.isBuilt('applicants')).toBe(false);
    expect(db.records.applicantKeys(applicantId(0))).toBeUndefined();
  });

  it("builds the cases' half from sealed rows while the vault is locked, the villagers' once it opens", async () => {
    const before = newDb();
    await before.applicants.bulkPut([villager(0, '周桂香'), villager(1, '周大明')]);
    await before.cases.bulkPut([aCase(0, 0, 1), aCase(1, 1, 2), aCase(2, 0, 3)]);
    await createVault(before, 'daiban-agent');
    before.close();
    // The app started again: the records are sealed and the vault waits for the PIN.
    const db = new DaibanDb(before.name);
    dbs.push(db);
    await loadVaultState(db);
    // The cases' keys are in clear: the whole list is there before the PIN, no case opened.
    expect((await listCases(db, {})).ids).toEqual([caseId(2), caseId(1), caseId(0)]);
    await expect(recordsOf(db, 'applicants')).rejects.toBeInstanceOf(VaultLockedError);
    await expect(listCases(db, { text: '周桂' })).rejects.toBeInstanceOf(VaultLockedError);
    expect(db.records.isBuilt('cases')).toBe(true);
    expect(db.records.isBuilt('applicants')).toBe(false);
    const lock = (await db.lock.get('password')) as PasswordLock;
    await openVault(db, (await dataKeyFromPassword(lock, 'daiban-agent')) as Uint8Array<ArrayBuffer>);
    expect((await listCases(db, { text: '周桂' })).ids).toEqual([caseId(2), caseId(0)]);
  });

  it('takes in the writes made while it is being built', async () => {
    const db = newDb();
    await db.applicants.bulkPut([villager(0, '周桂香'), villager(1, '王建国')]);
    await db.cases.bulkPut([aCase(0, 0, 1), aCase(1, 1, 2)]);
    const built = recordsOf(db, 'cases', 'applicants');
    await Promise.all([db.cases.put(aCase(2, 0, 5)), db.cases.delete(caseId(1)), db.applicants.put(villager(1, '周建国'))]);
    await built;
    expect((await listCases(db, { text: '周' })).ids).toEqual([caseId(2), caseId(0)]);
    expect(db.records.applicantKeys(applicantId(1))?.name).toBe('周建国');
  });

  it('keeps a live search up to date when villagers and cases change after it was answered from memory', async () => {
    const db = newDb();
    await db.applicants.bulkPut([villager(0, '周桂香'), villager(1, '王建国')]);
    await db.cases.bulkPut([aCase(0, 0, 1), aCase(1, 1, 2)]);
    // As the case list's hook asks (queries.ts, useCaseListing): an async querier.
    const search = async () => listCases(db, { text: '周' });
    // Once before, so that the live query answers from the index built.
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

import type { Case } from '@daiban/schemas';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { listCases } from './case-search.ts';
import { DaibanDb } from './db.ts';
import { sealPage } from './page-sealing.ts';
import { recordsOf } from './record-index.ts';
import { asPage } from './record-pages.ts';
import { VaultLockedError } from './sealing.ts';
import { forgetVault, openVault } from './vault.ts';
import { newDataKey } from './vault-keys.ts';

const dbs: DaibanDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});
async function sealedDb() {
  const db = new DaibanDb(`record-pages-${crypto.randomUUID()}`);
  dbs.push(db);
  await openVault(db, newDataKey());
  return db;
}

const caseId = (n: number) => `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** Case n as of `version`, which its notes (sealed) and its status and change time (in clear) tell. */
const aCase = (n: number, version: number): Case => ({
  id: caseId(n),
  caseNumber: `DXG-T01-20261101-${String(n).padStart(4, '0')}`,
  villageId: 'v-dxg',
  serviceItemCode: 'MZ-001',
  serviceItemVersion: 1,
  applicantId: `10000000-0000-4000-8000-${String(n % 3).padStart(12, '0')}`,
  agentId: '30000000-0000-4000-8000-000000000001',
  deviceId: '40000000-0000-4000-8000-000000000001',
  channel: 'walk_in',
  materials: [{ key: 'id_card', name: '居民身份证', required: true, status: 'missing', attachments: [] }],
  notes: `周桂香 v${version}`,
  status: version % 2 ? 'submitted' : 'received',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: `2026-11-02T00:00:${String(version % 60).padStart(2, '0')}.000Z`,
});

/**
 * A pulled page holding these cases, sealed as the sync engine seals one: gzipped as the server sends
 * a page now, or plain JSON as pages stored before it did.
 */
function pageOf(db: DaibanDb, cases: Case[], gzip = true) {
  const json = new TextEncoder().encode(JSON.stringify({ cases }));
  return sealPage(db.vault, gzip ? gzipSync(json) : json, gzip);
}

const CASE = fc.nat(14);
const operation = fc.oneof(
  fc.record({ op: fc.constant('own' as const), case: CASE }),
  {
    arbitrary: fc.record({
      op: fc.constant('page' as const),
      cases: fc.uniqueArray(CASE, { minLength: 1, maxLength: 8 }),
      gzip: fc.boolean(),
    }),
    weight: 3,
  },
  fc.record({ op: fc.constant('delete' as const), cases: fc.uniqueArray(CASE, { maxLength: 3 }) }),
  // A page written in a transaction that then fails: IndexedDB undoes it, and so must what the tab knows.
  fc.record({ op: fc.constant('undone' as const), cases: fc.uniqueArray(CASE, { minLength: 1, maxLength: 5 }) }),
  fc.record({ op: fc.constant('forget' as const) }),
  fc.record({ op: fc.constant('clear' as const) }),
);

describe('pulled records stored a page to a row', () => {
  it('reads every case as last written, whether its row is its own or a page, through every kind of read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        const db = await sealedDb();
        const model = new Map<string, Case>();
        let version = 0;
        for (const step of operations) {
          version++;
          if (step.op === 'own') {
            const c = aCase(step.case, version);
            await db.cases.put(c);
            model.set(c.id, c);
          }
          if (step.op === 'page') {
            const cases = step.cases.map((n) => aCase(n, version));
            const page = await pageOf(db, cases, step.gzip);
            await db.transaction('rw', db.cases, () => db.cases.bulkPut(asPage(cases, page, 1)));
            for (const c of cases) model.set(c.id, c);
          }
          if (step.op === 'delete') {
            await db.cases.bulkDelete(step.cases.map(caseId));
            for (const n of step.cases) model.delete(caseId(n));
          }
          if (step.op === 'undone') {
            const cases = step.cases.map((n) => aCase(n, version));
            const page = await pageOf(db, cases);
            await expect(
              db.transaction('rw', db.cases, async () => {
                await db.cases.bulkPut(asPage(cases, page, 1));
                throw new Error('failed after the page');
              }),
            ).rejects.toThrow('failed after the page');
          }
          if (step.op === 'forget') db.pageState.forget();
          if (step.op === 'clear') {
            await db.cases.clear();
            model.clear();
          }
          const ids = [...model.keys()].sort();
          const everyId = Array.from({ length: 15 }, (_, n) => caseId(n));
          // Single reads first: a full read learns again where every record is.
          for (const id of everyId.slice(0, 4)) expect(await db.cases.get(id)).toEqual(model.get(id));
          expect(await db.cases.bulkGet(everyId)).toEqual(everyId.map((id) => model.get(id)));
          expect((await db.cases.toArray()).map((c) => c.id)).toEqual(ids);
          expect(await db.cases.count()).toBe(ids.length);
          expect(await db.cases.filter((c) => c.status === 'received').primaryKeys()).toEqual(
            ids.filter((id) => model.get(id)?.status === 'received'),
          );
          expect(await db.cases.reverse().limit(2).primaryKeys()).toEqual([...ids].reverse().slice(0, 2));
          const newestFirst = [...model.values()]
            .sort((a, b) => (a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.id < b.id ? 1 : -1))
            .map((c) => c.id);
          expect((await listCases(db, {})).ids).toEqual(newestFirst);
          db.records.clear();
          expect((await listCases(db, {})).ids).toEqual(newestFirst);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('writes a page as one sealed row, its ids beside it in clear, and opens it only with the vault open', async () => {
    const db = await sealedDb();
    const cases = Array.from({ length: 250 }, (_, n) => aCase(n, 1));
    await db.cases.bulkPut(asPage(cases, await pageOf(db, cases)));
    expect(await db.pages.count()).toBe(1);
    const raw = await db.transaction('r', [db.cases, db.pages, db.pageIds], async (tx) => {
      const all = (name: string) =>
        new Promise<unknown[]>((resolve) => {
          const request = tx.idbtrans.objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
        });
      return { own: await all('cases'), pages: await all('pages'), ids: await all('pageIds') };
    });
    expect(raw.own).toEqual([]);
    const [stored] = raw.pages as { bytes: Uint8Array; sealed?: 1; gzip?: 1 }[];
    expect(stored).toMatchObject({ sealed: 1, gzip: 1 });
    // Kept as it came, compressed: 250 cases' JSON is over 100 KB.
    expect(stored?.bytes.length).toBeLessThan(20_000);
    expect(new TextDecoder().decode(stored?.bytes)).not.toContain('周桂香');
    expect(raw.ids).toEqual([expect.objectContaining({ ids: cases.map((c) => c.id) })]);
    expect(await db.cases.get(caseId(7))).toEqual(cases[7]);

    // A page of a few records is not worth one: they go row by row.
    await db.cases.bulkPut(asPage([aCase(300, 1)], await pageOf(db, [aCase(300, 1)])));
    expect(await db.pages.count()).toBe(1);

    forgetVault(db);
    // The list's keys are in clear; the records themselves are not.
    expect((await listCases(db, {})).ids).toHaveLength(251);
    await expect(db.cases.get(caseId(7))).rejects.toBeInstanceOf(VaultLockedError);
    await expect(recordsOf(db, 'applicants')).resolves.toBeDefined();
  });
});

import type { Case, CaseStatus } from '@daiban/schemas';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CaseFilter, listCases } from './case-search.ts';
import { DaibanDb } from './db.ts';

let db: DaibanDb;
const NOW = new Date('2026-11-20T02:00:00Z'); // Friday

function aCase(n: number, over: Partial<Case> = {}): Case {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    caseNumber: `DXG-T01-20261101-${String(n).padStart(4, '0')}`,
    villageId: 'v-dxg',
    serviceItemCode: n % 2 ? 'MZ-001' : 'CL-001',
    serviceItemVersion: 1,
    applicantId: `10000000-0000-4000-8000-${String(n % 3).padStart(12, '0')}`,
    agentId: 'a',
    deviceId: 'd',
    channel: 'walk_in',
    materials: [{ key: 'id_card', name: '身份证', required: true, status: 'missing', attachments: [] }],
    notes: '',
    status: 'submitted' as CaseStatus,
    createdAt: `2026-11-${String(1 + (n % 20)).padStart(2, '0')}T01:00:00.000Z`,
    updatedAt: `2026-11-${String(1 + (n % 20)).padStart(2, '0')}T0${n % 10}:00:00.000Z`,
    ...over,
  };
}

/** Every id the list would show for the filter. */
async function searchCaseIds(db: DaibanDb, filter: CaseFilter, now: Date): Promise<string[]> {
  const listing = await listCases(db, filter, now);
  expect(listing.ids).toHaveLength(listing.count);
  return listing.ids;
}

beforeEach(async () => {
  db = new DaibanDb(`search-${crypto.randomUUID()}`);
  await db.applicants.bulkAdd(
    ['周桂香', '王建国', '周大明'].map((name, i) => ({
      id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      villageId: 'v-dxg',
      name,
      idNumber: `43098119480305${String(i).padStart(3, '0')}X`,
      flags: [],
      createdAt: NOW.toISOString(),
    })),
  );
  await db.cases.bulkAdd([
    ...Array.from({ length: 30 }, (_, n) => aCase(n)),
    aCase(100, { status: 'accepted', dueDate: '2026-11-18' }),
    aCase(101, { status: 'accepted', dueDate: '2026-11-24' }),
    aCase(102, { status: 'accepted', dueDate: '2026-12-30' }),
    aCase(103, { status: 'completed', dueDate: '2026-11-10' }),
  ]);
});

const ids = (n: number[]) => n.map((x) => aCase(x).id);

describe('case search', () => {
  it('lists every case, newest change first', async () => {
    const all = await searchCaseIds(db, {}, NOW);
    expect(all).toHaveLength(34);
    const times = await Promise.all(all.map(async (id) => (await db.cases.get(id))!.updatedAt));
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by status', async () => {
    expect(new Set(await searchCaseIds(db, { status: 'accepted' }, NOW))).toEqual(new Set(ids([100, 101, 102])));
  });

  it('finds overdue open cases and those due within two working days', async () => {
    expect(await searchCaseIds(db, { due: 'overdue' }, NOW)).toEqual(ids([100]));
    expect(await searchCaseIds(db, { due: 'soon' }, NOW)).toEqual(ids([101]));
  });

  it("counts 'due soon' with the pulled holiday calendar", async () => {
    await db.cases.add(aCase(104, { status: 'accepted', dueDate: '2026-11-25' }));
    expect(await searchCaseIds(db, { due: 'soon' }, NOW)).toEqual(ids([101]));
    // With Monday the 23rd a holiday, Wednesday the 25th is two working days away.
    await db.calendar.put({ date: '2026-11-23', kind: 'holiday', name: '补假' });
    expect(new Set(await searchCaseIds(db, { due: 'soon' }, NOW))).toEqual(new Set(ids([101, 104])));
  });

  it('searches by name prefix, ID-number tail and case-number prefix', async () => {
    const byName = await searchCaseIds(db, { text: '周' }, NOW);
    expect(byName.length).toBeGreaterThan(0);
    const found = await db.cases.bulkGet(byName);
    for (const c of found) expect(['0', '2']).toContain(c!.applicantId.slice(-1));
    expect(found).toHaveLength((await db.cases.toArray()).filter((c) => /[02]$/.test(c.applicantId)).length);
    // Villager by villager, each one's newest change first.
    const villagers = found.map((c) => c!.applicantId);
    expect(villagers).toEqual([...villagers].sort((a, b) => villagers.indexOf(a) - villagers.indexOf(b)));
    for (const applicantId of new Set(villagers)) {
      const times = found.filter((c) => c!.applicantId === applicantId).map((c) => c!.updatedAt);
      expect([...times].sort().reverse()).toEqual(times);
    }
    const ofApplicant1 = (await db.cases.toArray()).filter((c) => c.applicantId.endsWith('1')).map((c) => c.id);
    expect(new Set(await searchCaseIds(db, { text: '001x' }, NOW))).toEqual(new Set(ofApplicant1));
    expect(await searchCaseIds(db, { text: 'dxg-t01-20261101-0007' }, NOW)).toEqual(ids([7]));
    // A number prefix lists the highest numbers, the newest cases, first.
    expect(await searchCaseIds(db, { text: 'DXG-T01-20261101-000' }, NOW)).toEqual(ids([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]));
  });

  it('combines item, date range and status', async () => {
    const found = await searchCaseIds(db, { itemCode: 'MZ-001', from: '2026-11-05', to: '2026-11-06', status: 'submitted' }, NOW);
    for (const id of found) {
      const c = (await db.cases.get(id))!;
      expect(c.serviceItemCode).toBe('MZ-001');
      expect(c.createdAt.slice(0, 10) >= '2026-11-05' && c.createdAt.slice(0, 10) <= '2026-11-06').toBe(true);
    }
    expect(found.length).toBeGreaterThan(0);
  });
});

// The mutations the push benchmarks send: each batch registers villagers and opens a case for
// each, as a service room's day of work would (indexed uniqueness checks, case projection, blobs).
import { type Mutation, residentIdCheckChar, type ServiceItem } from '@daiban/schemas';
import type { FakeTablet } from '../sync-server/src/testing/fixtures.ts';

export const BATCH = 100;

/** 100 mutations: 50 villagers registered, each with a case opened for them. `n` numbers the villagers. */
export function pushBatch(tablet: FakeTablet, item: ServiceItem, firstVillager: number): Mutation[] {
  return Array.from({ length: BATCH / 2 }, (_, i) => {
    const n = firstVillager + i;
    const applicant = tablet.applicant({ idNumber: idNumberFor(n), name: `测试${n}` });
    const opened = { ...tablet.openedCase(applicant, item), caseNumber: caseNumberFor(tablet, n) };
    return [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)];
  }).flat();
}

/** Case numbers hold four digits a day: the n-th case of the device moves to the next day after 9,999. */
function caseNumberFor(tablet: FakeTablet, n: number): string {
  const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(n / 9999) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `${tablet.session.village!.code}-${tablet.session.device.code}-${day}-${String((n % 9999) + 1).padStart(4, '0')}`;
}

const DAYS = 36_500;

/** A distinct valid ID number for each n below 36.5 million: birth date and sequence code move with n. */
export function idNumberFor(n: number): string {
  const birth = new Date(Date.UTC(1920, 0, 1) + (n % DAYS) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `430981${birth}${String(Math.floor(n / DAYS) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * A stretch of a room's work as a ledger holds it after years: 20 villagers registered, a case
 * opened for each, every material marked collected, and the case received (about 6 events a case).
 */
export function lifecycleBatch(tablet: FakeTablet, item: ServiceItem, firstVillager: number): Mutation[] {
  return Array.from({ length: 20 }, (_, i) => {
    const n = firstVillager + i;
    const applicant = tablet.applicant({ idNumber: idNumberFor(n), name: `测试${n}` });
    const opened = { ...tablet.openedCase(applicant, item), caseNumber: caseNumberFor(tablet, n) };
    return [
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
      ...opened.materials.map((m) =>
        tablet.mutation('case.setMaterial', { caseId: opened.id, key: m.key, status: 'collected', attachments: [], base: null }),
      ),
      tablet.receive(opened.id),
    ];
  }).flat();
}

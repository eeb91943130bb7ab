import {
  addWorkingDays,
  type Case,
  chinaDate,
  type Handover,
  ORIGINALS_DUE_WORKING_DAYS,
  type OriginalsHolder,
  type ServiceItem,
} from '@daiban/schemas';

/** The paper originals a case carries: collected materials whose item asks for the original. */
export function originalsOf(c: Case, item: ServiceItem | undefined): { key: string; name: string }[] {
  const needsOriginal = new Set(item?.materials.filter((m) => m.form !== 'copy').map((m) => m.key) ?? []);
  return c.materials
    .filter((m) => m.status === 'collected' && needsOriginal.has(m.key))
    .map((m) => ({ key: m.key, name: m.name }));
}

/**
 * Who holds a case's originals: the applicant once the result was handed back (出件), else
 * whoever the newest handover slip listing the case says, else the village room.
 */
export function holderOf(c: Pick<Case, 'delivery'>, slips: Handover[]): OriginalsHolder {
  if (c.delivery) return 'applicant';
  const newest = newestSlip(slips);
  if (!newest) return 'village';
  return newest.status === 'received' ? 'township' : 'in_transit';
}

const newestSlip = (slips: Handover[]): Handover | undefined =>
  [...slips].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];

/** What the township confirmed (签收) of one case's originals: who, when, how many, and what was missing. */
export interface OriginalsReceipt {
  by: string;
  at: string;
  received: number;
  total: number;
  missing: { key: string; name: string; note: string }[];
}

/** The township's confirmation of a case's originals on the newest slip listing it; undefined until confirmed. */
export function receiptOf(caseId: string, slips: Handover[]): OriginalsReceipt | undefined {
  const newest = newestSlip(slips);
  const item = newest?.items.find((i) => i.caseId === caseId);
  if (newest?.status !== 'received' || !newest.receivedBy || !newest.receivedAt || !item) return undefined;
  const missing = (newest.missing ?? [])
    .filter((m) => m.caseId === caseId)
    .map((m) => ({ key: m.key, name: item.originals.find((o) => o.key === m.key)?.name ?? m.key, note: m.note }));
  return {
    by: newest.receivedBy.name,
    at: newest.receivedAt,
    received: item.originals.length - missing.length,
    total: item.originals.length,
    missing,
  };
}

/** Originals still in the village three working days after village receipt are late. */
export function originalsLate(c: Case, holder: OriginalsHolder, hasOriginals: boolean, now = new Date()): boolean {
  if (holder !== 'village' || !hasOriginals || !c.receivedAt) return false;
  return addWorkingDays(chinaDate(new Date(c.receivedAt)), ORIGINALS_DUE_WORKING_DAYS) < chinaDate(now);
}

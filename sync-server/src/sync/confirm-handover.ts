import type { ConfirmHandoverRequest, Handover, MissingOriginal } from '@daiban/schemas';
import { appendEvent, type Db, getHandover, type Principal, saveHandover } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { canSeeVillage } from './decide.ts';

/**
 * 签收: the township confirms what arrived with a handover slip, original by original, as one
 * ledger event committed with the slip's projection; the tablet learns of it on its next pull.
 * Safe to retry: the same confirmation again answers the stored slip and writes nothing; a
 * different one for a slip already confirmed is refused (409).
 */
export async function confirmHandover(
  db: Db,
  who: Principal,
  id: string,
  request: ConfirmHandoverRequest,
  now: Date,
): Promise<Handover> {
  return await db.transaction(async () => {
    const h = await getHandover(db, id);
    if (!h || !(await canSeeVillage(db, who, h.villageId)))
      throw new ApiError(404, 'not_found', '找不到交接单 (handover slip not found)');
    const missing = missingOf(h, request);
    if (h.status === 'received') {
      if (sameMissing(h.missing ?? [], missing)) return h;
      throw new ApiError(409, 'invalid_transition', '交接单已签收，签收结果不同 (slip already confirmed differently)');
    }
    const at = now.toISOString();
    const next: Handover = {
      ...h,
      status: 'received',
      receivedAt: at,
      receivedBy: { id: who.account.id, name: who.account.displayName },
      missing,
    };
    const seq = await appendEvent(db, {
      type: 'handover.confirm',
      entityId: h.id,
      villageId: h.villageId,
      accountId: who.account.id,
      deviceId: who.device.id,
      mutationId: null,
      hlc: null,
      payload: { handoverId: h.id, slipNumber: h.slipNumber, missing },
      recordedAt: at,
    });
    await saveHandover(db, next, seq);
    return next;
  });
}

/** The originals not received, after checking the request names every case and original of the slip exactly once. */
function missingOf(h: Handover, request: ConfirmHandoverRequest): MissingOriginal[] {
  const answered = new Map(request.cases.map((c) => [c.caseId, c.originals]));
  const unknownCases = request.cases.filter((c) => !h.items.some((i) => i.caseId === c.caseId));
  if (unknownCases.length > 0 || answered.size !== request.cases.length || answered.size !== h.items.length) {
    throw new ApiError(400, 'validation_failed', '请逐件确认交接单上的每一件代办件 (answer every case on the slip once)');
  }
  const missing: MissingOriginal[] = [];
  for (const item of h.items) {
    const originals = answered.get(item.caseId) ?? [];
    const keys = new Set(originals.map((o) => o.key));
    if (keys.size !== originals.length || keys.size !== item.originals.length || !item.originals.every((o) => keys.has(o.key))) {
      throw new ApiError(400, 'validation_failed', `请逐一确认 ${item.caseNumber} 的每件原件 (answer every original once)`);
    }
    for (const o of originals) if (!o.received) missing.push({ caseId: item.caseId, key: o.key, note: o.note ?? '' });
  }
  return missing;
}

function sameMissing(a: MissingOriginal[], b: MissingOriginal[]): boolean {
  const key = (list: MissingOriginal[]) =>
    JSON.stringify(list.map((m) => [m.caseId, m.key, m.note]).sort((x, y) => (x.join() < y.join() ? -1 : 1)));
  return key(a) === key(b);
}

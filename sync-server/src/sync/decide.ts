import { type Case, type CaseStatus, canMove } from '@daiban/schemas';
import { appendEvent, type Db, getCase, getServiceItem, getVillage, type Principal, saveCase } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { addWorkingDays, chinaDate } from './working-days.ts';

/**
 * Records a township decision on a case as a ledger event and updates the projection; the
 * tablet learns of it on its next pull. Refuses a decision the lifecycle does not allow.
 */
export function decide(
  db: Db,
  who: Principal,
  caseId: string,
  to: Extract<CaseStatus, 'accepted'>,
  note: string | undefined,
  now: Date,
): Case {
  return db.transaction(() => {
    const c = getCase(db, caseId);
    if (!c || !canSeeVillage(db, who, c.villageId)) throw new ApiError(404, 'not_found', '找不到代办件 (case not found)');
    if (!canMove('township', c.status, to)) {
      throw new ApiError(409, 'invalid_transition', `代办件状态为 ${c.status}，不能执行此操作 (not allowed from ${c.status})`);
    }
    const item = getServiceItem(db, c.serviceItemCode, c.serviceItemVersion);
    if (!item) throw new ApiError(500, 'internal', 'case references a missing catalog version');
    const at = now.toISOString();
    const next: Case = {
      ...c,
      status: to,
      acceptedAt: at,
      dueDate: addWorkingDays(chinaDate(now), item.timeLimitDays),
      ...(note ? { decisionNote: note } : {}),
      updatedAt: at,
    };
    const seq = appendEvent(db, {
      type: 'case.accept',
      entityId: c.id,
      villageId: c.villageId,
      accountId: who.account.id,
      deviceId: who.device.id,
      mutationId: null,
      hlc: null,
      payload: { caseId: c.id, note: note ?? null, dueDate: next.dueDate },
      recordedAt: at,
    });
    saveCase(db, next, seq);
    return next;
  })();
}

/** Supervisors see their whole township; agents only their own village. */
export function canSeeVillage(db: Db, who: Principal, villageId: string): boolean {
  if (who.villageId) return who.villageId === villageId;
  return getVillage(db, villageId)?.townshipId === who.townshipId;
}

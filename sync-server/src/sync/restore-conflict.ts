import { type Case, type Conflict, formatHlc, HLC_ZERO, parseHlc, tickHlc } from '@daiban/schemas';
import { appendEvent, type Db, getCase, getConflict, markConflictRestored, type Principal, saveCase } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { canSeeVillage } from './decide.ts';

/**
 * Puts a conflict's losing value back as a new township event. Its clock is later than the
 * field's current one, so every device takes it on its next pull.
 */
export async function restoreConflict(
  db: Db,
  who: Principal,
  conflictId: string,
  now: Date,
): Promise<{ conflict: Conflict; case: Case }> {
  return await db.transaction(async () => {
    const conflict = await getConflict(db, conflictId);
    if (!conflict || !(await canSeeVillage(db, who, conflict.villageId)))
      throw new ApiError(404, 'not_found', '找不到冲突记录 (conflict not found)');
    if (conflict.restoredAt) throw new ApiError(409, 'invalid_transition', '该值已恢复 (already restored)');
    const c = await getCase(db, conflict.caseId);
    if (!c) throw new ApiError(404, 'not_found', '找不到代办件 (case not found)');
    const current = c.clocks?.[conflict.field];
    const hlc = formatHlc(tickHlc(current ? parseHlc(current) : HLC_ZERO, now.getTime()), 'township');
    const at = now.toISOString();
    const restored: Case = {
      ...c,
      materials: c.materials.map((m) => (m.key === conflict.loser.value.key ? conflict.loser.value : m)),
      clocks: { ...c.clocks, [conflict.field]: hlc },
      updatedAt: at,
    };
    const seq = await appendEvent(db, {
      type: 'conflict.restore',
      entityId: c.id,
      villageId: c.villageId,
      accountId: who.account.id,
      deviceId: who.device.id,
      mutationId: null,
      hlc,
      payload: { conflictId, field: conflict.field, value: conflict.loser.value },
      recordedAt: at,
    });
    await saveCase(db, restored, seq);
    await markConflictRestored(db, conflictId, at);
    return { conflict: { ...conflict, restoredAt: at }, case: restored };
  });
}

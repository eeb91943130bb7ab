import { createHash } from 'node:crypto';
import {
  type Case,
  chinaDate,
  type DrawSpotCheckRequest,
  maskResidentId,
  type RecordSpotCheckRequest,
  type SpotCheck,
} from '@daiban/schemas';
import {
  appendEvent,
  casesReceivedAround,
  type Db,
  getApplicant,
  getCase,
  getSpotCheck,
  getVillage,
  insertSpotCheck,
  listVillages,
  type Principal,
  type StoredSpotCheck,
  serviceItemOfCase,
  setSpotCheckResult,
  spotCheckItems,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';

/**
 * The sample of a period: per village (in the given order), the `perVillage` cases whose
 * SHA-256 of seed and case id sorts first. The same seed and cases always give the same sample;
 * a case arriving late in the period only enters it if it ranks among the first.
 */
function drawSample(cases: readonly Case[], villageIds: readonly string[], seed: string, perVillage: number): string[] {
  const rank = (c: Case) => createHash('sha256').update(`${seed}\n${c.id}`).digest('hex');
  return villageIds.flatMap((villageId) =>
    cases
      .filter((c) => c.villageId === villageId)
      .map((c) => ({ id: c.id, rank: rank(c) }))
      .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
      .slice(0, perVillage)
      .map((c) => c.id),
  );
}

/** Draws a spot check and records it in the ledger; a retried draw (same id, same request) returns the first. */
export async function drawSpotCheck(db: Db, who: Principal, r: DrawSpotCheckRequest, now: Date): Promise<SpotCheck> {
  return db.transaction(async () => {
    const existing = await getSpotCheck(db, r.id);
    if (existing) {
      const same =
        existing.townshipId === who.townshipId &&
        existing.from === r.from &&
        existing.to === r.to &&
        existing.perVillage === r.perVillage &&
        existing.seed === r.seed;
      if (!same) throw new ApiError(409, 'invalid_transition', '该抽查编号已被另一次抽查使用 (spot check id taken)');
      return await spotCheckView(db, existing);
    }
    const villages = (await listVillages(db, who.townshipId)).sort((a, b) => (a.code < b.code ? -1 : 1));
    // The period is in China dates; receivedAt is an instant. Fetch a day either side, then keep the period's own.
    const around = await casesReceivedAround(
      db,
      villages.map((v) => v.id),
      new Date(Date.parse(`${r.from}T00:00:00Z`) - 86_400_000).toISOString(),
      new Date(Date.parse(`${r.to}T00:00:00Z`) + 2 * 86_400_000).toISOString(),
    );
    const inPeriod = around.filter((c) => {
      const day = c.receivedAt ? chinaDate(new Date(c.receivedAt)) : '';
      return day >= r.from && day <= r.to;
    });
    const caseIds = drawSample(
      inPeriod,
      villages.map((v) => v.id),
      r.seed,
      r.perVillage,
    );
    if (caseIds.length === 0)
      throw new ApiError(400, 'validation_failed', `${r.from} 至 ${r.to} 没有村受理的代办件 (no cases received in the period)`);
    const at = now.toISOString();
    await appendEvent(db, {
      type: 'spotCheck.draw',
      entityId: r.id,
      villageId: null,
      accountId: who.account.id,
      deviceId: who.device.id,
      mutationId: null,
      hlc: null,
      payload: { ...r, caseIds },
      recordedAt: at,
    });
    await insertSpotCheck(
      db,
      {
        id: r.id,
        townshipId: who.townshipId,
        from: r.from,
        to: r.to,
        perVillage: r.perVillage,
        seed: r.seed,
        drawnAt: at,
        drawnBy: who.account.id,
      },
      caseIds,
    );
    return await spotCheckView(db, await ownSpotCheck(db, who, r.id));
  });
}

/** Records the check of one drawn case; recording the same result and note again changes nothing. */
export async function recordSpotCheck(
  db: Db,
  who: Principal,
  id: string,
  caseId: string,
  r: RecordSpotCheckRequest,
  now: Date,
): Promise<SpotCheck> {
  return db.transaction(async () => {
    const spotCheck = await ownSpotCheck(db, who, id);
    const item = (await spotCheckItems(db, id)).find((i) => i.caseId === caseId);
    if (!item) throw new ApiError(404, 'not_found', '该代办件不在本次抽查中 (case not in this spot check)');
    if (item.result === r.result && item.note === r.note) return await spotCheckView(db, spotCheck);
    const at = now.toISOString();
    await appendEvent(db, {
      type: 'spotCheck.record',
      entityId: id,
      villageId: (await getCase(db, caseId))?.villageId ?? null,
      accountId: who.account.id,
      deviceId: who.device.id,
      mutationId: null,
      hlc: null,
      payload: { spotCheckId: id, caseId, ...r },
      recordedAt: at,
    });
    await setSpotCheckResult(db, id, caseId, { ...r, checkedAt: at, checkedBy: who.account.id });
    return await spotCheckView(db, await ownSpotCheck(db, who, id));
  });
}

/** A spot check of the caller's township, or 404 (another township's is not acknowledged). */
export async function ownSpotCheck(db: Db, who: Principal, id: string): Promise<StoredSpotCheck> {
  const s = await getSpotCheck(db, id);
  if (!s || s.townshipId !== who.townshipId) throw new ApiError(404, 'not_found', '找不到该抽查 (spot check not found)');
  return s;
}

/** A spot check with its items in list form: masked ID numbers, no phone. */
export async function spotCheckView(db: Db, s: StoredSpotCheck): Promise<SpotCheck> {
  const { townshipId: _, ...summary } = s;
  const items = [];
  for (const i of await spotCheckItems(db, s.id)) {
    const c = await getCase(db, i.caseId);
    if (!c) throw new ApiError(500, 'internal', 'spot check references a missing case');
    const applicant = await getApplicant(db, c.applicantId);
    items.push({
      caseId: c.id,
      caseNumber: c.caseNumber,
      villageId: c.villageId,
      villageName: (await getVillage(db, c.villageId))?.name ?? c.villageId,
      serviceItemName: (await serviceItemOfCase(db, c))?.name ?? c.serviceItemCode,
      applicantName: applicant?.name ?? '',
      applicantIdMasked: applicant ? maskResidentId(applicant.idNumber) : '',
      status: c.status,
      receivedAt: c.receivedAt ?? '',
      note: i.note,
      ...(i.result ? { result: i.result } : {}),
      ...(i.checkedAt ? { checkedAt: i.checkedAt } : {}),
    });
  }
  return { ...summary, items };
}

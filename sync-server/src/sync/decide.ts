import {
  type Attachment,
  addWorkingDays,
  type Case,
  canMove,
  chinaDate,
  missingRequired,
  type ReturnRequest,
  returnClocks,
} from '@daiban/schemas';
import {
  appendEvent,
  type Db,
  getBlob,
  getCase,
  getVillage,
  type Principal,
  saveCase,
  serviceItemOfCase,
  workCalendarOf,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { mayReadBlob } from './blob-access.ts';

export type Decision =
  | { kind: 'accept'; note?: string | undefined; missingAcknowledged?: true | undefined }
  | ({ kind: 'return' } & ReturnRequest)
  | { kind: 'complete'; result: string; attachments?: Attachment[] | undefined }
  | { kind: 'reject'; reason: string };

/**
 * Records a township decision on a case as a ledger event and updates the projection; the
 * tablet learns of it on its next pull. Refuses a decision the lifecycle does not allow.
 */
export async function decide(db: Db, who: Principal, caseId: string, decision: Decision, now: Date): Promise<Case> {
  return await db.transaction(async () => {
    const c = await getCase(db, caseId);
    if (!c || !(await canSeeVillage(db, who, c.villageId))) throw new ApiError(404, 'not_found', '找不到代办件 (case not found)');
    const to = ({ accept: 'accepted', return: 'returned', complete: 'completed', reject: 'rejected' } as const)[decision.kind];
    if (!canMove('township', c.status, to)) {
      throw new ApiError(409, 'invalid_transition', `代办件状态为 ${c.status}，不能执行此操作 (not allowed from ${c.status})`);
    }
    const at = now.toISOString();
    const next = await decided(db, c, decision, now, who);
    const seq = await appendEvent(db, {
      type: `case.${decision.kind}`,
      entityId: c.id,
      villageId: c.villageId,
      accountId: who.account.id,
      deviceId: who.device.id,
      mutationId: null,
      hlc: null,
      payload: { caseId: c.id, ...decision, ...(next.dueDate ? { dueDate: next.dueDate } : {}) },
      recordedAt: at,
    });
    await saveCase(db, { ...next, updatedAt: at }, seq);
    return { ...next, updatedAt: at };
  });
}

async function decided(db: Db, c: Case, decision: Decision, now: Date, who: Principal): Promise<Case> {
  const at = now.toISOString();
  switch (decision.kind) {
    case 'accept':
      return await accepted(db, c, decision, now, who.townshipId);
    case 'return':
      return returned(c, decision, chinaDate(now));
    case 'complete':
      return {
        ...c,
        status: 'completed',
        completedAt: at,
        result: decision.result,
        ...(await completionDocuments(db, who, decision.attachments)),
      };
    case 'reject':
      return { ...c, status: 'rejected', rejection: { reason: decision.reason, rejectedAt: at } };
  }
}

/** The documents attached to a 办结, each already uploaded and verified. */
async function completionDocuments(
  db: Db,
  who: Principal,
  attachments: Attachment[] | undefined,
): Promise<Pick<Case, 'resultAttachments'>> {
  if (!attachments?.length) return {};
  const missing = [];
  for (const a of attachments) {
    if ((await getBlob(db, a.sha256))?.size !== a.size || !(await mayReadBlob(db, who, a.sha256))) missing.push(a);
  }
  if (missing.length > 0) {
    throw new ApiError(400, 'validation_failed', `附件尚未上传完成，请重新上传 (${missing.length} attachment(s) not uploaded)`);
  }
  return { resultAttachments: attachments };
}

/**
 * 受理 starts the statutory clock. A case accepted before, returned for correction and resubmitted
 * keeps its first acceptance and the due date the resubmission moved on by the pause: the clock
 * resumes, it does not start again.
 */
async function accepted(
  db: Db,
  c: Case,
  decision: Extract<Decision, { kind: 'accept' }>,
  now: Date,
  townshipId: string,
): Promise<Case> {
  const missing = missingRequired(c.materials);
  if (missing.length > 0 && !decision.missingAcknowledged) {
    const names = missing.map((m) => m.name).join('、');
    throw new ApiError(409, 'materials_missing', `尚缺必要材料：${names}，确认容缺受理后再受理 (required materials missing)`);
  }
  const { note } = decision;
  const item = await serviceItemOfCase(db, c);
  if (!item) throw new ApiError(500, 'internal', 'case references a missing catalog version');
  const resumed = c.acceptedAt && c.dueDate ? { acceptedAt: c.acceptedAt, dueDate: c.dueDate } : undefined;
  return {
    ...c,
    status: 'accepted',
    acceptedAt: resumed?.acceptedAt ?? now.toISOString(),
    dueDate: resumed?.dueDate ?? addWorkingDays(chinaDate(now), item.timeLimitDays, await workCalendarOf(db, townshipId)),
    ...(note ? { decisionNote: note } : {}),
  };
}

function returned(c: Case, request: ReturnRequest, today: string): Case {
  const known = new Set(c.materials.map((m) => m.key));
  const unknown = request.materialKeys.filter((k) => !known.has(k));
  if (unknown.length > 0) throw new ApiError(400, 'validation_failed', `没有这些材料：${unknown.join('、')} (unknown materials)`);
  return {
    ...c,
    status: 'returned',
    returnRequest: {
      reason: request.reason,
      materialKeys: request.materialKeys,
      returnedOn: today,
      clocks: returnClocks(c, request.materialKeys),
    },
  };
}

/** Supervisors see their whole township; agents only their own village. */
export async function canSeeVillage(db: Db, who: Principal, villageId: string): Promise<boolean> {
  if (who.villageId) return who.villageId === villageId;
  return (await getVillage(db, villageId))?.townshipId === who.townshipId;
}

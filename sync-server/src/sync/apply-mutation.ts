import {
  addWorkingDays,
  applyToCase,
  applyToVisit,
  type Case,
  canMove,
  chinaDate,
  FOLLOWUP_WORKING_DAYS,
  MATERIALS_EDITABLE,
  type Material,
  type Mutation,
  missingRequired,
  newId,
  OPEN_STATUSES,
  residentIdProblem,
  residentIdProblemText,
  uncorrected,
  type Visit,
  withException,
  workingDaysBetween,
} from '@daiban/schemas';
import {
  type BatchKeys,
  getVillageAgent,
  type Principal,
  type PushBatch,
  serviceItemOfCase,
  workCalendarOf,
} from '../db/index.ts';
import { refuseForeignBlobs } from './blob-access.ts';
import { onLedgerClock } from './ledger-clock.ts';
import { Refusal } from './refusal.ts';
import { resolveMaterialEdit } from './resolve-conflict.ts';

/**
 * Applies one agent mutation: checks it against the ledger, appends its event and updates
 * the projection, through the push's batch. Throws Refusal (before any write) when it cannot apply.
 */
export async function applyMutation(batch: PushBatch, who: Principal, pushed: Mutation, now: Date): Promise<void> {
  const villageId = who.villageId;
  if (!villageId) throw new Refusal('forbidden', '只有村代办员的设备可以提交代办数据 (only village agents push)');
  const m = onLedgerClock(pushed, who.device.id, now);
  const record = (entityId: string): Promise<number> =>
    batch.append({
      type: m.type,
      entityId,
      villageId,
      accountId: who.account.id,
      deviceId: who.device.id,
      mutationId: m.id,
      hlc: m.hlc,
      payload: m.payload,
      recordedAt: now.toISOString(),
    });

  switch (m.type) {
    case 'applicant.register': {
      const a = m.payload;
      if (a.villageId !== villageId) throw new Refusal('forbidden', '不能为其他村登记办事群众 (other village)');
      if (await batch.applicant(a.id)) throw new Refusal('invalid_transition', '该办事群众已登记 (applicant id exists)');
      // The schema checked the number's form; a birth date after today needs the server's clock.
      const idProblem = residentIdProblem(a.idNumber, chinaDate(now));
      if (idProblem) throw new Refusal('validation_failed', `${residentIdProblemText(idProblem)} (resident ID: ${idProblem})`);
      if (await batch.applicantIdByNumber(villageId, a.idNumber)) {
        throw new Refusal('duplicate_id_number', '该身份证号码在本村已登记 (ID number already registered)');
      }
      batch.insertApplicant(a, await record(a.id));
      return;
    }
    case 'case.open': {
      const c: Case = m.payload;
      if (c.villageId !== villageId) throw new Refusal('forbidden', '不能为其他村建立代办件 (other village)');
      if (c.agentId !== who.account.id)
        throw new Refusal('forbidden', '只能以本人名义建立代办件 (agentId is not the pushing account)');
      if (c.deviceId !== who.device.id)
        throw new Refusal('forbidden', '代办件须记为本设备建立 (deviceId is not the pushing device)');
      if (await batch.case(c.id)) throw new Refusal('invalid_transition', '代办件已存在 (case id exists)');
      if (await batch.caseNumberTaken(c.caseNumber))
        throw new Refusal('invalid_transition', '办件编号已被使用 (case number taken)');
      const applicant = await batch.applicant(c.applicantId);
      if (!applicant || applicant.villageId !== villageId) throw new Refusal('not_found', '找不到办事群众 (applicant not found)');
      if (c.visitId) await visitOfApplicant(batch, c.visitId, villageId, c.applicantId);
      const item = await serviceItemOfCase(batch.db, c);
      if (!item) throw new Refusal('not_found', '找不到该事项版本 (service item version not found)');
      // A retired version takes no new case. A tablet that opened one with the version before the
      // retirement (it had not pulled it yet) keeps its case: the version it named was open.
      if (item.retired) throw new Refusal('validation_failed', `事项“${item.name}”已停用，不能新建代办件 (service item retired)`);
      const known = new Set(item.materials.map((x) => x.key));
      if (!c.materials.every((x) => known.has(x.key))) {
        throw new Refusal('validation_failed', '材料清单与事项不符 (materials do not match the service item)');
      }
      await refuseForeignBlobs(
        batch,
        villageId,
        c.materials.flatMap((x) => x.attachments.map((a) => a.sha256)),
      );
      batch.saveCase(c, await record(c.id));
      return;
    }
    case 'case.setMaterial': {
      const c = await caseOfVillage(batch, m.payload.caseId, villageId);
      if (!MATERIALS_EDITABLE.includes(c.status)) {
        throw new Refusal('invalid_transition', `代办件状态为 ${c.status}，不能再修改材料 (materials locked)`);
      }
      if (!c.materials.some((x) => x.key === m.payload.key)) throw new Refusal('not_found', '没有这项材料 (unknown material)');
      await refuseForeignBlobs(
        batch,
        villageId,
        m.payload.attachments.map((a) => a.sha256),
      );
      // Every applied mutation moves the case's sequence, so its device pulls the outcome even when it lost.
      const seq = await record(c.id);
      batch.saveCase(resolveMaterialEdit(batch, c, m, now), seq);
      return;
    }
    case 'case.receive': {
      const c = await caseOfVillage(batch, m.payload.caseId, villageId);
      if (!canMove('agent', c.status, 'received')) {
        throw new Refusal('invalid_transition', `代办件状态为 ${c.status}，不能受理 (cannot receive)`);
      }
      const missing = missingRequired(c.materials);
      if (missing.length > 0 && !m.payload.missingReason) {
        throw new Refusal(
          'materials_missing',
          `尚缺必要材料且未说明容缺受理理由：${names(missing)} (required materials missing)`,
        );
      }
      // Reaching the township ledger is what makes a received case "submitted".
      const at = now.toISOString();
      const { receivedAt, missingReason } = m.payload;
      const next: Case = { ...c, status: 'submitted', receivedAt, submittedAt: at, updatedAt: at };
      batch.saveCase(withException(next, 'received_missing', missing, missingReason, receivedAt), await record(c.id));
      return;
    }
    case 'case.deliver': {
      const c = await caseOfVillageInStatus(batch, m.payload.caseId, villageId, 'completed', '出件');
      batch.saveCase(applyToCase(c, m, now.toISOString()) as Case, await record(c.id));
      return;
    }
    case 'case.rate': {
      const c = await caseOfVillageInStatus(batch, m.payload.caseId, villageId, 'delivered', '评价');
      batch.saveCase(applyToCase(c, m, now.toISOString()) as Case, await record(c.id));
      // 差评必回访: a 不满意 or 非常不满意 rating opens a follow-up for the township.
      if (m.payload.level <= 2) {
        batch.insertFollowup({
          id: newId(),
          caseId: c.id,
          caseNumber: c.caseNumber,
          villageId,
          level: m.payload.level,
          ...(m.payload.comment ? { comment: m.payload.comment } : {}),
          openedAt: now.toISOString(),
          dueDate: addWorkingDays(chinaDate(now), FOLLOWUP_WORKING_DAYS, await workCalendarOf(batch.db, who.townshipId)),
        });
      }
      return;
    }
    case 'visit.plan': {
      const v = m.payload;
      if (v.villageId !== villageId) throw new Refusal('forbidden', '不能为其他村安排上门服务 (other village)');
      if (await batch.visit(v.id)) throw new Refusal('invalid_transition', '上门服务已安排 (visit id exists)');
      const applicant = await batch.applicant(v.applicantId);
      if (!applicant || applicant.villageId !== villageId) throw new Refusal('not_found', '找不到办事群众 (applicant not found)');
      batch.saveVisit(v, await record(v.id));
      return;
    }
    case 'visit.record': {
      const v = await visitOfVillage(batch, m.payload.visitId, villageId);
      if (v.status !== 'planned') throw new Refusal('invalid_transition', '该次上门服务已记录 (visit already recorded)');
      const c = m.payload.caseId ? await caseOfVillage(batch, m.payload.caseId, villageId) : undefined;
      if (c && c.applicantId !== v.applicantId) {
        throw new Refusal('validation_failed', '代办件不是这位办事群众的 (the case is another applicant’s)');
      }
      await refuseForeignBlobs(batch, villageId, [m.payload.consent.sha256]);
      const seq = await record(v.id);
      batch.saveVisit(applyToVisit(v, m, now.toISOString()) as Visit, seq);
      // The case's history gains the visit, and its tablets pull the case again.
      if (c) batch.saveCase(c, seq);
      return;
    }
    case 'handover.create': {
      const h = m.payload;
      if (h.villageId !== villageId) throw new Refusal('forbidden', '不能为其他村制作交接单 (other village)');
      if ((await batch.handover(h.id)) || (await batch.slipNumberTaken(h.slipNumber)))
        throw new Refusal('invalid_transition', '交接单已存在 (slip exists)');
      const listed = new Set(h.items.map((i) => i.caseId));
      if (listed.size !== h.caseIds.length || !h.caseIds.every((id) => listed.has(id))) {
        throw new Refusal('validation_failed', '交接单的代办件清单不一致 (items do not match caseIds)');
      }
      for (const caseId of h.caseIds) await caseOfVillage(batch, caseId, villageId);
      batch.saveHandover(h, await record(h.id));
      return;
    }
    case 'case.takeOver': {
      const { fromAgentId, toAgentId } = m.payload;
      const c = await caseOfVillage(batch, m.payload.caseId, villageId);
      if (!OPEN_STATUSES.includes(c.status))
        throw new Refusal('invalid_transition', `代办件状态为 ${c.status}，无需接管 (case closed)`);
      if (toAgentId !== who.account.id)
        throw new Refusal('forbidden', '只能由本人接管 (only the device’s own agent can take over)');
      if ((c.handlerId ?? c.agentId) !== fromAgentId)
        throw new Refusal('invalid_transition', '该代办件已由他人办理 (case handled by someone else)');
      if ((await getVillageAgent(batch.db, fromAgentId))?.villageId !== villageId)
        throw new Refusal('forbidden', '只能接管本村代办员的代办件 (other village)');
      batch.saveCase(applyToCase(c, m, now.toISOString()) as Case, await record(c.id));
      return;
    }
    case 'case.resubmit': {
      const c = await caseOfVillageInStatus(batch, m.payload.caseId, villageId, 'returned', '重新报送');
      const flagged = uncorrected(c);
      if (flagged.length > 0 && !m.payload.reason) {
        throw new Refusal(
          'materials_missing',
          `退回补正的材料尚未补正且未说明理由：${names(flagged)} (flagged materials not corrected)`,
        );
      }
      // The statutory clock stood still while the case was back in the village (补正).
      const returnedOn = c.returnRequest?.returnedOn;
      const calendar = await workCalendarOf(batch.db, who.townshipId);
      const dueDate =
        c.dueDate && returnedOn
          ? addWorkingDays(c.dueDate, workingDaysBetween(returnedOn, chinaDate(now), calendar), calendar)
          : c.dueDate;
      batch.saveCase({ ...(applyToCase(c, m, now.toISOString()) as Case), ...(dueDate ? { dueDate } : {}) }, await record(c.id));
      return;
    }
  }
}

function names(materials: readonly Material[]): string {
  return materials.map((x) => x.name).join('、');
}

async function caseOfVillageInStatus(
  batch: PushBatch,
  caseId: string,
  villageId: string,
  status: Case['status'],
  action: string,
): Promise<Case> {
  const c = await caseOfVillage(batch, caseId, villageId);
  if (c.status !== status)
    throw new Refusal('invalid_transition', `代办件状态为 ${c.status}，不能${action} (not allowed from ${c.status})`);
  return c;
}

async function visitOfVillage(batch: PushBatch, visitId: string, villageId: string): Promise<Visit> {
  const v = await batch.visit(visitId);
  if (!v || v.villageId !== villageId) throw new Refusal('not_found', '找不到上门服务记录 (visit not found)');
  return v;
}

async function visitOfApplicant(batch: PushBatch, visitId: string, villageId: string, applicantId: string): Promise<void> {
  if ((await visitOfVillage(batch, visitId, villageId)).applicantId !== applicantId) {
    throw new Refusal('validation_failed', '上门服务不是这位办事群众的 (the visit is another applicant’s)');
  }
}

async function caseOfVillage(batch: PushBatch, caseId: string, villageId: string): Promise<Case> {
  const c = await batch.case(caseId);
  if (!c || c.villageId !== villageId) throw new Refusal('not_found', '找不到代办件 (case not found)');
  return c;
}

/** What the mutations will look up, so that the batch reads it all before the first applies. */
export function keysOf(mutations: readonly Mutation[]): BatchKeys {
  const keys: BatchKeys = {
    mutationIds: [],
    applicantIds: [],
    idNumbers: [],
    caseIds: [],
    caseNumbers: [],
    visitIds: [],
    handoverIds: [],
    slipNumbers: [],
    blobs: [],
  };
  for (const m of mutations) {
    keys.mutationIds.push(m.id);
    switch (m.type) {
      case 'applicant.register':
        keys.applicantIds.push(m.payload.id);
        keys.idNumbers.push(m.payload.idNumber);
        break;
      case 'case.open':
        keys.caseIds.push(m.payload.id);
        keys.caseNumbers.push(m.payload.caseNumber);
        keys.applicantIds.push(m.payload.applicantId);
        if (m.payload.visitId) keys.visitIds.push(m.payload.visitId);
        keys.blobs.push(...m.payload.materials.flatMap((x) => x.attachments.map((a) => a.sha256)));
        break;
      case 'case.setMaterial':
        keys.caseIds.push(m.payload.caseId);
        keys.blobs.push(...m.payload.attachments.map((a) => a.sha256));
        break;
      case 'visit.plan':
        keys.visitIds.push(m.payload.id);
        keys.applicantIds.push(m.payload.applicantId);
        break;
      case 'visit.record':
        keys.visitIds.push(m.payload.visitId);
        if (m.payload.caseId) keys.caseIds.push(m.payload.caseId);
        keys.blobs.push(m.payload.consent.sha256);
        break;
      case 'handover.create':
        keys.handoverIds.push(m.payload.id);
        keys.slipNumbers.push(m.payload.slipNumber);
        keys.caseIds.push(...m.payload.caseIds);
        break;
      default:
        keys.caseIds.push(m.payload.caseId);
    }
  }
  return keys;
}

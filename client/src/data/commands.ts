import {
  type ApplicantFlag,
  type Attachment,
  applicantSchema,
  applyToCase,
  applyToVisit,
  type Case,
  type CaseChannel,
  checklistFor,
  type GeoPoint,
  type Handover,
  MATERIALS_EDITABLE,
  type Material,
  type MaterialStatus,
  type Mutation,
  materialField,
  OPEN_STATUSES,
  type RatingLevel,
  type Visit,
} from '@daiban/schemas';
import type { MessageKey } from '../i18n/messages.ts';
import { describeFile } from './attachments.ts';
import { type DaibanDb, db as defaultDb } from './db.ts';
import { CommandError } from './errors.ts';
import { originalsOf } from './handovers.ts';
import { getMeta, setMeta } from './meta.ts';
import { enqueue, type Payload, serverNow } from './outbox.ts';
import { isQuotaError } from './storage.ts';

export interface NewApplicant {
  name: string;
  idNumber: string;
  phone?: string;
  group?: string;
  flags: ApplicantFlag[];
}

/**
 * The only write path of the UI. Each command validates its input, then changes the
 * record and appends the matching mutation to the outbox in one Dexie transaction: when
 * the promise resolves, the change is durable and queued for sync.
 */
export function makeCommands(db: DaibanDb) {
  /** One transaction per command. Out of quota, it rolls back whole and says so in the agent's words. */
  async function rw<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await db.transaction(
        'rw',
        [
          db.meta,
          db.outbox,
          db.applicants,
          db.cases,
          db.blobs,
          db.serviceItems,
          db.visits,
          db.handovers,
          db.serverCases,
          db.serverVisits,
        ],
        fn,
      );
    } catch (error) {
      if (isQuotaError(error)) throw new CommandError('error.storageFull', 'storage_full');
      throw error;
    }
  }

  async function session() {
    const s = await getMeta(db, 'session');
    if (!s?.village) throw new CommandError('error.noSession', 'no_session');
    return { ...s, village: s.village };
  }

  /** Queues a case mutation and updates the view with the same function the replay uses. */
  async function mutateCase<T extends Mutation['type']>(current: Case | undefined, type: T, caseId: string, payload: Payload<T>) {
    const mutation = await enqueue(db, type, caseId, payload);
    const view = applyToCase(current, mutation, new Date(await serverNow(db)).toISOString());
    if (view) await db.cases.put(view);
  }

  async function caseInStatus(caseId: string, status: Case['status'], refusal: MessageKey): Promise<Case> {
    const c = await db.cases.get(caseId);
    if (!c) throw new CommandError('error.caseNotFound', 'not_found');
    if (c.status !== status) throw new CommandError(refusal, 'not_allowed');
    return c;
  }

  /** Keeps the bytes of an attachment once, content-addressed, until they are uploaded. */
  async function storeBlob(attachment: Attachment, blob: Blob) {
    if (await db.blobs.get(attachment.sha256)) return;
    await db.blobs.add({ sha256: attachment.sha256, blob, mime: attachment.mime, size: attachment.size, uploaded: 0 });
  }

  /**
   * Frees the bytes of a photo taken off before it was uploaded, when no case or visit on the
   * tablet shows it any more: that is how removing draft photos makes room on a full tablet.
   */
  async function dropUnusedBlob(sha256: string) {
    const stored = await db.blobs.get(sha256);
    if (!stored || stored.uploaded === 1) return;
    const inCase = await db.cases.filter((c) => c.materials.some((m) => m.attachments.some((a) => a.sha256 === sha256))).first();
    const inVisit = await db.visits.filter((v) => v.consent?.sha256 === sha256).first();
    if (!inCase && !inVisit) await db.blobs.delete(sha256);
  }

  async function setMaterial(caseId: string, key: string, change: (m: Material) => Material) {
    const c = await db.cases.get(caseId);
    if (!c) throw new CommandError('error.caseNotFound', 'not_found');
    if (!MATERIALS_EDITABLE.includes(c.status)) throw new CommandError('error.caseLocked', 'not_allowed');
    const material = c.materials.find((m) => m.key === key);
    if (!material) throw new CommandError('error.materialNotFound', 'not_found');
    const next = change(material);
    await mutateCase(c, 'case.setMaterial', caseId, {
      caseId,
      key,
      status: next.status,
      attachments: next.attachments,
      ...(next.note === undefined ? {} : { note: next.note }),
      base: c.clocks?.[materialField(key)] ?? null,
    });
  }

  return {
    /** Registers a villager once; the same ID number in the village leads to the existing record. */
    async registerApplicant(input: NewApplicant): Promise<string> {
      return rw(async () => {
        const { village } = await session();
        const parsed = applicantSchema.safeParse({
          id: crypto.randomUUID(),
          villageId: village.id,
          createdAt: new Date().toISOString(),
          ...input,
          phone: input.phone?.trim() || undefined,
          group: input.group?.trim() || undefined,
        });
        if (!parsed.success)
          throw new CommandError('error.applicantInvalid', 'invalid', {
            details: parsed.error.issues.map((i) => i.message).join('；'),
          });
        const applicant = parsed.data;
        const existing = await db.applicants.where('idNumber').equals(applicant.idNumber).first();
        if (existing) throw new CommandError('error.applicantExists', 'duplicate', { name: existing.name }, existing.id);
        await db.applicants.add({ ...applicant, idTail: applicant.idNumber.slice(-4) });
        await enqueue(db, 'applicant.register', applicant.id, applicant);
        return applicant.id;
      });
    },

    /** Opens a draft case from the item's newest catalog version, with its material checklist. */
    async openCase(input: {
      applicantId: string;
      serviceItemCode: string;
      channel: CaseChannel;
      notes?: string;
    }): Promise<string> {
      return rw(async () => {
        const s = await session();
        const applicant = await db.applicants.get(input.applicantId);
        if (!applicant) throw new CommandError('error.applicantNotFound', 'not_found');
        const versions = await db.serviceItems.where('code').equals(input.serviceItemCode).sortBy('version');
        const item = versions.at(-1);
        if (!item) throw new CommandError('error.itemNotFound', 'not_found');
        if (item.retired) throw new CommandError('error.itemRetired', 'not_allowed');
        const now = new Date();
        const day = localDay(now);
        const n = ((await getMeta(db, `caseSeq:${day}`)) ?? 0) + 1;
        await setMeta(db, `caseSeq:${day}`, n);
        const opened: Case & { status: 'draft' } = {
          id: crypto.randomUUID(),
          caseNumber: `${s.village.code}-${s.device.code}-${day}-${String(n).padStart(4, '0')}`,
          villageId: s.village.id,
          serviceItemCode: item.code,
          serviceItemVersion: item.version,
          applicantId: applicant.id,
          agentId: s.account.id,
          deviceId: s.device.id,
          channel: input.channel,
          materials: checklistFor(item),
          notes: input.notes ?? '',
          status: 'draft',
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        };
        await mutateCase(undefined, 'case.open', opened.id, opened);
        return opened.id;
      });
    },

    /** Adds a photo or scan to a material and marks it collected. The bytes wait in `blobs` for upload. */
    async attachFile(caseId: string, key: string, file: Blob): Promise<void> {
      const attachment = await describeFile(file);
      await rw(async () => {
        await storeBlob(attachment, file);
        await setMaterial(caseId, key, (m) => ({
          ...m,
          status: 'collected',
          attachments: m.attachments.some((a) => a.sha256 === attachment.sha256) ? m.attachments : [...m.attachments, attachment],
        }));
      });
    },

    /** Puts a new version of a photo (turned, retaken) in the place of the old one. */
    async replaceAttachment(caseId: string, key: string, oldSha256: string, produce: () => Promise<Blob>): Promise<void> {
      const file = await produce();
      const attachment = await describeFile(file);
      await rw(async () => {
        await storeBlob(attachment, file);
        await setMaterial(caseId, key, (m) => ({
          ...m,
          attachments: m.attachments.map((a) => (a.sha256 === oldSha256 ? attachment : a)),
        }));
        await dropUnusedBlob(oldSha256);
      });
    },

    /** Takes one photo or scan off a material; with none left the material is missing again. */
    async removeAttachment(caseId: string, key: string, sha256: string): Promise<void> {
      await rw(async () => {
        await setMaterial(caseId, key, (m) => {
          const attachments = m.attachments.filter((a) => a.sha256 !== sha256);
          return { ...m, attachments, status: attachments.length === 0 && m.status === 'collected' ? 'missing' : m.status };
        });
        await dropUnusedBlob(sha256);
      });
    },

    async setMaterialStatus(caseId: string, key: string, status: MaterialStatus, note?: string): Promise<void> {
      await rw(async () => {
        await setMaterial(caseId, key, (m) => ({ ...m, status, ...(note === undefined ? {} : { note }) }));
      });
    },

    /** Sends a case the township returned for correction (退回补正) back to it. */
    async resubmitCase(caseId: string): Promise<void> {
      await rw(async () => {
        const c = await caseInStatus(caseId, 'returned', 'error.onlyReturnedResubmit');
        await mutateCase(c, 'case.resubmit', caseId, { caseId });
      });
    },

    /** 出件: the township's result handed back to the applicant, or to the person named. */
    async deliverCase(caseId: string, receivedBy: string, note?: string): Promise<void> {
      await rw(async () => {
        const c = await caseInStatus(caseId, 'completed', 'error.onlyCompletedDeliver');
        const who = receivedBy.trim();
        if (!who) throw new CommandError('error.receivedByRequired', 'invalid');
        await mutateCase(c, 'case.deliver', caseId, {
          caseId,
          deliveredAt: new Date(await serverNow(db)).toISOString(),
          receivedBy: who,
          ...(note?.trim() ? { note: note.trim() } : {}),
        });
      });
    },

    /** 好差评: the applicant's rating of the service, from 5 (非常满意) to 1 (非常不满意). */
    async rateCase(caseId: string, level: RatingLevel, comment?: string): Promise<void> {
      await rw(async () => {
        const c = await caseInStatus(caseId, 'delivered', 'error.onlyDeliveredRate');
        await mutateCase(c, 'case.rate', caseId, {
          caseId,
          level,
          ratedAt: new Date(await serverNow(db)).toISOString(),
          ...(comment?.trim() ? { comment: comment.trim() } : {}),
        });
      });
    },

    /** 上门代办: plans a home visit (while online, so the tablet has all it needs on the day). */
    async planVisit(input: {
      applicantId: string;
      plannedFor: string;
      address: string;
      serviceItemCode?: string;
    }): Promise<string> {
      return rw(async () => {
        const { village } = await session();
        if (!(await db.applicants.get(input.applicantId))) throw new CommandError('error.applicantNotFound', 'not_found');
        if (!input.address.trim()) throw new CommandError('error.addressRequired', 'invalid');
        const now = new Date(await serverNow(db)).toISOString();
        const visit: Visit & { status: 'planned' } = {
          id: crypto.randomUUID(),
          villageId: village.id,
          applicantId: input.applicantId,
          ...(input.serviceItemCode ? { serviceItemCode: input.serviceItemCode } : {}),
          plannedFor: input.plannedFor,
          address: input.address.trim(),
          status: 'planned',
          createdAt: now,
          updatedAt: now,
        };
        const mutation = await enqueue(db, 'visit.plan', visit.id, visit);
        await db.visits.put(applyToVisit(undefined, mutation, now) as Visit);
        return visit.id;
      });
    },

    /**
     * Records the visit: who was present, where (when the tablet could tell), the case opened,
     * and the applicant's consent drawn on screen, stored as an image attachment.
     */
    async recordVisit(input: {
      visitId: string;
      present: string;
      consent: Blob;
      location?: GeoPoint;
      caseId?: string;
      notes?: string;
    }) {
      const consent = await describeFile(input.consent);
      await rw(async () => {
        const visit = await db.visits.get(input.visitId);
        if (!visit) throw new CommandError('error.visitNotFound', 'not_found');
        if (visit.status !== 'planned') throw new CommandError('error.visitRecorded', 'not_allowed');
        await storeBlob(consent, input.consent);
        const now = new Date(await serverNow(db)).toISOString();
        const mutation = await enqueue(db, 'visit.record', visit.id, {
          visitId: visit.id,
          visitedAt: now,
          present: input.present.trim(),
          consent,
          ...(input.location ? { location: input.location } : {}),
          ...(input.caseId ? { caseId: input.caseId } : {}),
          ...(input.notes?.trim() ? { notes: input.notes.trim() } : {}),
        });
        await db.visits.put(applyToVisit(visit, mutation, now) as Visit);
      });
    },

    /** 交接单: the originals of these cases leave the village room for the township. */
    async createHandover(caseIds: string[]): Promise<string> {
      return rw(async () => {
        const s = await session();
        if (caseIds.length === 0) throw new CommandError('error.handoverEmpty', 'invalid');
        const items = [];
        for (const caseId of caseIds) {
          const c = await db.cases.get(caseId);
          if (!c) throw new CommandError('error.caseNotFound', 'not_found');
          const item = await db.serviceItems.get([c.serviceItemCode, c.serviceItemVersion]);
          items.push({ caseId, caseNumber: c.caseNumber, originals: originalsOf(c, item) });
        }
        const now = new Date(await serverNow(db));
        const day = localDay(now);
        const n = ((await getMeta(db, `slipSeq:${day}`)) ?? 0) + 1;
        await setMeta(db, `slipSeq:${day}`, n);
        const handover: Handover & { status: 'in_transit' } = {
          id: crypto.randomUUID(),
          slipNumber: `${s.village.code}-${s.device.code}-${day}-J${String(n).padStart(2, '0')}`,
          villageId: s.village.id,
          caseIds,
          items,
          status: 'in_transit',
          createdAt: now.toISOString(),
        };
        await enqueue(db, 'handover.create', handover.id, handover);
        await db.handovers.add(handover);
        return handover.id;
      });
    },

    /**
     * A/B post (AB岗): this agent takes over the open cases an absent colleague of the village
     * is handling. One mutation per case, each recorded in the ledger. Returns how many.
     */
    async takeOverCases(fromAgentId: string, reason: string): Promise<number> {
      return rw(async () => {
        const s = await session();
        if (fromAgentId === s.account.id) throw new CommandError('error.takeOverSelf', 'invalid');
        if (!reason.trim()) throw new CommandError('error.reasonRequired', 'invalid');
        const theirs = (
          await db.cases
            .where('status')
            .anyOf([...OPEN_STATUSES])
            .toArray()
        ).filter((c) => (c.handlerId ?? c.agentId) === fromAgentId);
        for (const c of theirs) {
          await mutateCase(c, 'case.takeOver', c.id, {
            caseId: c.id,
            fromAgentId,
            toAgentId: s.account.id,
            reason: reason.trim(),
          });
        }
        return theirs.length;
      });
    },

    /** The agent has read a refusal and dealt with it; only then does it leave the list. */
    async dismissRefusal(mutationId: string): Promise<void> {
      await db.refusals.delete(mutationId);
    },

    /** The agent receives the case in the village and issues the receipt (村受理). */
    async receiveCase(caseId: string): Promise<void> {
      await rw(async () => {
        const c = await caseInStatus(caseId, 'draft', 'error.onlyDraftReceive');
        await mutateCase(c, 'case.receive', caseId, { caseId, receivedAt: new Date().toISOString() });
      });
    },
  };
}

export type Commands = ReturnType<typeof makeCommands>;
export const commands = makeCommands(defaultDb);

/** YYYYMMDD of the tablet's local date. */
function localDay(d: Date): string {
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

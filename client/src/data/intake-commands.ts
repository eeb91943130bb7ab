import {
  type ApplicantFlag,
  applicantSchema,
  type CaseChannel,
  checklistFor,
  chinaDate,
  type MaterialStatus,
  missingRequired,
  newId,
  type OpenedCase,
  residentIdProblem,
} from '@daiban/schemas';
import { applicantWithIdNumber } from './applicant-search.ts';
import { describeFile } from './attachments.ts';
import { type CommandTools, chinaDay } from './command-tools.ts';
import { CommandError } from './errors.ts';
import { getMeta, setMeta } from './meta.ts';
import { enqueue, serverNow } from './outbox.ts';
import { photosInProgress } from './photos-in-progress.ts';
import { recordsOf } from './record-index.ts';
import { sealPhoto } from './vault.ts';

export interface NewApplicant {
  name: string;
  idNumber: string;
  phone?: string;
  group?: string;
  flags: ApplicantFlag[];
}

/** Intake in the village room: the villager, the case, its materials and photos, the receipt. */
export function intakeCommands({
  db,
  rw,
  session,
  mutateCase,
  caseInStatus,
  storeBlob,
  dropUnusedBlob,
  setMaterial,
}: CommandTools) {
  return {
    /** Registers a villager once; the same ID number in the village leads to the existing record. */
    async registerApplicant(input: NewApplicant): Promise<string> {
      // The ID number is looked up in the record index, which cannot be built inside the transaction.
      await recordsOf(db, 'applicants');
      return rw(async () => {
        const { village } = await session();
        const parsed = applicantSchema.safeParse({
          id: newId(),
          villageId: village.id,
          createdAt: new Date(await serverNow(db)).toISOString(),
          ...input,
          phone: input.phone?.trim() || undefined,
          group: input.group?.trim() || undefined,
        });
        if (!parsed.success)
          throw new CommandError('error.applicantInvalid', 'invalid', {
            details: parsed.error.issues.map((i) => i.message).join('；'),
          });
        const applicant = parsed.data;
        const idProblem = residentIdProblem(applicant.idNumber, chinaDate(new Date()));
        if (idProblem) throw new CommandError(`idProblem.${idProblem}`, 'invalid');
        const existing = await applicantWithIdNumber(db, applicant.idNumber);
        if (existing) throw new CommandError('error.applicantExists', 'duplicate', { name: existing.name }, existing.id);
        await db.applicants.add(applicant);
        await enqueue(db, 'applicant.register', applicant.id, applicant);
        return applicant.id;
      });
    },

    /**
     * Opens a draft case from the item's newest catalog version, with its material checklist; on a
     * home visit, linked to the visit so that the visit's record offers it.
     */
    async openCase(input: {
      applicantId: string;
      serviceItemCode: string;
      channel: CaseChannel;
      notes?: string;
      visitId?: string;
    }): Promise<string> {
      return rw(async () => {
        const s = await session();
        const applicant = await db.applicants.get(input.applicantId);
        if (!applicant) throw new CommandError('error.applicantNotFound', 'not_found');
        if (input.visitId && (await db.visits.get(input.visitId))?.applicantId !== applicant.id) {
          throw new CommandError('error.visitNotFound', 'not_found');
        }
        const versions = await db.serviceItems.where('code').equals(input.serviceItemCode).sortBy('version');
        const item = versions.at(-1);
        if (!item) throw new CommandError('error.itemNotFound', 'not_found');
        if (item.retired) throw new CommandError('error.itemRetired', 'not_allowed');
        // Dated by the server's clock as last learned and China's calendar, not the tablet's own.
        const now = new Date(await serverNow(db));
        const day = chinaDay(now);
        const n = ((await getMeta(db, `caseSeq:${day}`)) ?? 0) + 1;
        await setMeta(db, `caseSeq:${day}`, n);
        const opened: OpenedCase = {
          id: newId(),
          caseNumber: `${s.village.code}-${s.device.code}-${day}-${String(n).padStart(4, '0')}`,
          villageId: s.village.id,
          serviceItemCode: item.code,
          serviceItemVersion: item.version,
          applicantId: applicant.id,
          agentId: s.account.id,
          deviceId: s.device.id,
          channel: input.channel,
          ...(input.visitId ? { visitId: input.visitId } : {}),
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

    /**
     * Adds a photo or scan to a material and marks it collected (a 免交 note no longer applies). The
     * bytes wait in `blobs` for upload. `file` may still be in preparation (downscaling): the case
     * counts it as in progress from this call on, so receiving the case waits for it.
     */
    async attachFile(caseId: string, key: string, file: Blob | Promise<Blob>): Promise<void> {
      await photosInProgress.track(caseId, key, async () => {
        const prepared = await file;
        const attachment = await describeFile(prepared, new Date(await serverNow(db)));
        const sealed = await sealPhoto(db, prepared);
        await rw(async () => {
          await storeBlob(attachment, sealed);
          await setMaterial(caseId, key, (m) => ({
            ...m,
            status: 'collected',
            attachments: m.attachments.some((a) => a.sha256 === attachment.sha256)
              ? m.attachments
              : [...m.attachments, attachment],
            // An empty note clears the reason it was waived for.
            ...(m.status === 'waived' ? { note: '' } : {}),
          }));
        });
      });
    },

    /** Puts a new version of a photo (turned, retaken) in the place of the old one. */
    async replaceAttachment(caseId: string, key: string, oldSha256: string, produce: () => Promise<Blob>): Promise<void> {
      const file = await produce();
      const attachment = await describeFile(file, new Date(await serverNow(db)));
      const sealed = await sealPhoto(db, file);
      await rw(async () => {
        await storeBlob(attachment, sealed);
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

    /**
     * The agent receives the case in the village and issues the receipt (村受理), once every photo
     * still being processed for it is on the case. With required materials missing it needs the
     * agent's reason (容缺受理), which the ledger keeps and the township sees.
     */
    async receiveCase(caseId: string, missingReason?: string): Promise<void> {
      await photosInProgress.settled(caseId);
      await rw(async () => {
        const c = await caseInStatus(caseId, 'draft', 'error.onlyDraftReceive');
        const reason = missingReason?.trim() || undefined;
        const missing = missingRequired(c.materials);
        if (missing.length > 0 && !reason) {
          throw new CommandError('error.requiredMissing', 'invalid', { names: missing.map((m) => m.name).join('、') });
        }
        await mutateCase(c, 'case.receive', caseId, {
          caseId,
          receivedAt: new Date(await serverNow(db)).toISOString(),
          ...(missing.length > 0 ? { missingReason: reason } : {}),
        });
      });
    },
  };
}

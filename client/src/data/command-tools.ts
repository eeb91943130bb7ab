import {
  type Attachment,
  applyToCase,
  type Case,
  chinaDate,
  MATERIALS_EDITABLE,
  type Material,
  type Mutation,
  materialField,
} from '@daiban/schemas';
import type { MessageKey } from '../i18n/messages.ts';
import type { DaibanDb } from './db.ts';
import { CommandError } from './errors.ts';
import { getMeta } from './meta.ts';
import { enqueue, type Payload, serverNow } from './outbox.ts';
import { isQuotaError } from './storage.ts';
import type { SealedPhoto } from './vault.ts';

/** What the commands of every area are made of: the shared transaction, session and case steps. */
export function makeCommandTools(db: DaibanDb) {
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
          db.blobOutbox,
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

  /** Keeps the bytes of an attachment once, content-addressed, until they are uploaded; sealed by `sealPhoto`. */
  async function storeBlob(attachment: Attachment, stored: SealedPhoto) {
    if (await db.blobs.get(attachment.sha256)) return;
    await db.blobs.add({ sha256: attachment.sha256, ...stored, mime: attachment.mime, size: attachment.size });
    await db.blobOutbox.add({ sha256: attachment.sha256 });
  }

  /**
   * Frees the bytes of a photo taken off before it was uploaded, when no case or visit on the
   * tablet shows it any more: that is how removing draft photos makes room on a full tablet.
   */
  async function dropUnusedBlob(sha256: string) {
    if (!(await db.blobOutbox.get(sha256))) return;
    const inCase = await db.cases.filter((c) => c.materials.some((m) => m.attachments.some((a) => a.sha256 === sha256))).first();
    const inVisit = await db.visits.filter((v) => v.consent?.sha256 === sha256).first();
    if (inCase || inVisit) return;
    await db.blobs.delete(sha256);
    await db.blobOutbox.delete(sha256);
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

  return { db, rw, session, mutateCase, caseInStatus, storeBlob, dropUnusedBlob, setMaterial };
}

export type CommandTools = ReturnType<typeof makeCommandTools>;

/** YYYYMMDD of the day in China, as case and slip numbers are dated, whatever the tablet's time zone. */
export function chinaDay(d: Date): string {
  return chinaDate(d).replaceAll('-', '');
}

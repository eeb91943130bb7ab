import { applyToVisit, type GeoPoint, newId, type PlannedVisit, type Visit } from '@daiban/schemas';
import { describeFile } from './attachments.ts';
import type { CommandTools } from './command-tools.ts';
import { CommandError } from './errors.ts';
import { enqueue, serverNow } from './outbox.ts';
import { sealPhoto } from './vault.ts';

/** Home visits (上门代办): planned while online, recorded offline at the villager's home. */
export function visitCommands({ db, rw, session, storeBlob }: CommandTools) {
  return {
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
        const visit: PlannedVisit = {
          id: newId(),
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
      const consent = await describeFile(input.consent, new Date(await serverNow(db)));
      const sealedConsent = await sealPhoto(db, input.consent);
      await rw(async () => {
        const visit = await db.visits.get(input.visitId);
        if (!visit) throw new CommandError('error.visitNotFound', 'not_found');
        if (visit.status !== 'planned') throw new CommandError('error.visitRecorded', 'not_allowed');
        await storeBlob(consent, sealedConsent);
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
  };
}

import { type Case, OPEN_STATUSES, type RatingLevel, uncorrected } from '@daiban/schemas';
import type { CommandTools } from './command-tools.ts';
import { CommandError } from './errors.ts';
import { serverNow } from './outbox.ts';
import { recordsOf } from './record-index.ts';

/** A case after the township's answer: resubmitted, delivered, rated, or taken over by the other post. */
export function caseCommands({ db, rw, session, mutateCase, caseInStatus }: CommandTools) {
  return {
    /**
     * Sends a case the township returned for correction (退回补正) back to it. Every flagged material
     * must have been corrected since, or the agent says why not (kept in the ledger).
     */
    async resubmitCase(caseId: string, reason?: string): Promise<void> {
      await rw(async () => {
        const c = await caseInStatus(caseId, 'returned', 'error.onlyReturnedResubmit');
        const why = reason?.trim() || undefined;
        const flagged = uncorrected(c);
        if (flagged.length > 0 && !why) {
          throw new CommandError('error.flaggedUncorrected', 'invalid', { names: flagged.map((m) => m.name).join('、') });
        }
        await mutateCase(c, 'case.resubmit', caseId, { caseId, ...(flagged.length > 0 ? { reason: why } : {}) });
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

    /**
     * A/B post (AB岗): this agent takes over the open cases an absent colleague of the village
     * is handling. One mutation per case, each recorded in the ledger. Returns how many.
     */
    async takeOverCases(fromAgentId: string, reason: string): Promise<number> {
      // The cases are found in the record index, which cannot be built inside the transaction.
      const records = await recordsOf(db, 'cases');
      return rw(async () => {
        const s = await session();
        if (fromAgentId === s.account.id) throw new CommandError('error.takeOverSelf', 'invalid');
        if (!reason.trim()) throw new CommandError('error.reasonRequired', 'invalid');
        const isTheirs = (c: Pick<Case, 'status' | 'handlerId' | 'agentId'>) =>
          OPEN_STATUSES.includes(c.status) && (c.handlerId ?? c.agentId) === fromAgentId;
        // Should the index have been dropped meanwhile, every case is read.
        const theirs = records.isBuilt('cases')
          ? (await db.cases.bulkGet(records.newestFirst().flatMap((c) => (isTheirs(c) ? c.id : [])))).filter(
              (c): c is Case => c !== undefined && isTheirs(c),
            )
          : await db.cases.filter(isTheirs).toArray();
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
  };
}

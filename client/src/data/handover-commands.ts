import { type NewHandover, newId } from '@daiban/schemas';
import { type CommandTools, chinaDay } from './command-tools.ts';
import { CommandError } from './errors.ts';
import { originalsOf } from './handovers.ts';
import { getMeta, setMeta } from './meta.ts';
import { enqueue, serverNow } from './outbox.ts';

/** Handover slips (交接单) that carry the paper originals to the township. */
export function handoverCommands({ db, rw, session }: CommandTools) {
  return {
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
        const day = chinaDay(now);
        const n = ((await getMeta(db, `slipSeq:${day}`)) ?? 0) + 1;
        await setMeta(db, `slipSeq:${day}`, n);
        const handover: NewHandover = {
          id: newId(),
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
  };
}

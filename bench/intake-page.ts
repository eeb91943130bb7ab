// Bundled for the page by bench/intake.ts: the app's own data layer, timing the intake command.
import { residentIdCheckChar } from '@daiban/schemas';
import { makeCommands } from '../client/src/data/commands.ts';
import { DaibanDb } from '../client/src/data/db.ts';

/** Opens `warmUp + count` cases for a new villager with the item's checklist; the ms of each measured save. */
export async function timeIntakeSaves(itemCode: string, warmUp: number, count: number): Promise<number[]> {
  const db = new DaibanDb();
  const commands = makeCommands(db);
  const first17 = `43098119900101${String(Date.now() % 1000).padStart(3, '0')}`;
  const applicantId = await commands.registerApplicant({
    name: '测试村民',
    idNumber: first17 + residentIdCheckChar(first17),
    flags: [],
  });
  const times: number[] = [];
  for (let i = 0; i < warmUp + count; i++) {
    const t0 = performance.now();
    await commands.openCase({ applicantId, serviceItemCode: itemCode, channel: 'walk_in' });
    if (i >= warmUp) times.push(performance.now() - t0);
  }
  db.close();
  return times;
}

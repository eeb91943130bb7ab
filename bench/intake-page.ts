// Bundled for the page by bench/intake.ts: the app's own data layer, timing the intake command.
import { residentIdCheckChar } from '@daiban/schemas';
import { makeCommands } from '../client/src/data/commands.ts';
import { DaibanDb } from '../client/src/data/db.ts';
import { unlockWithPassword } from '../client/src/data/lock.ts';
import { api } from '../client/src/data/services.ts';

/** Opens `warmUp + count` cases for a new villager with the item's checklist; the ms of each measured save. */
export async function timeIntakeSaves(itemCode: string, warmUp: number, count: number, password: string): Promise<number[]> {
  const db = new DaibanDb();
  // Its own copy of the data layer opens the tablet's vault, so what it saves is sealed as the app's is.
  await unlockWithPassword(password, Date.now(), { db, api });
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

import { MATERIALS_EDITABLE, residentIdCheckChar } from '@daiban/schemas';
import { makeCommands } from '../client/src/data/commands.ts';
import { DaibanDb } from '../client/src/data/db.ts';
import { getMeta } from '../client/src/data/meta.ts';
import { signIn } from '../client/src/data/session.ts';
import { createApiClient } from '../client/src/sync/api-client.ts';
import { syncOnce } from '../client/src/sync/sync-engine.ts';
import { pick } from './random.ts';

export interface Device {
  index: number;
  username: string;
  db: DaibanDb;
  sync(): Promise<boolean>;
}

/** ID numbers registered per village so far, shared by the actors: some are registered twice on purpose. */
export type Registry = Map<string, string[]>;

/** A tablet running the real client data layer and sync engine (over fake-indexeddb) behind the flaky link. */
export async function enrolDevice(
  index: number,
  username: string,
  password: string,
  baseUrl: string,
  skewMs: number,
  seed: number,
) {
  const db = new DaibanDb(`sim-${seed}-${index}`);
  db.wallClock = () => Date.now() + skewMs;
  const api = createApiClient({ baseUrl, token: async () => (await getMeta(db, 'session'))?.token });
  await retry(() => signIn({ username, password, deviceName: `sim ${index}` }, { db, api }), 50);
  const device: Device = {
    index,
    username,
    db,
    sync: () =>
      syncOnce(db, api).then(
        () => true,
        () => false,
      ),
  };
  return device;
}

/** Works through `cases` intakes the way an agent would, syncing now and then over the flaky link. */
export async function runAgent(device: Device, cases: number, random: () => number, registry: Registry): Promise<void> {
  const commands = makeCommands(device.db);
  const session = await getMeta(device.db, 'session');
  const villageId = session?.village?.id ?? '';
  const known = registry.get(villageId) ?? [];
  registry.set(villageId, known);
  await retry(async () => {
    if (!(await device.sync()) || (await device.db.serviceItems.count()) === 0) throw new Error('first sync failed');
  }, 100);
  const items = await device.db.serviceItems.toArray();
  let lastPhoto: Blob | undefined;

  for (let i = 0; i < cases; i++) {
    const applicantId = await registerOrReuse(commands, device, i, random, known);
    const item = pick(random, items);
    try {
      const caseId = await commands.openCase({
        applicantId,
        serviceItemCode: item.code,
        channel: pick(random, ['walk_in', 'home_visit'] as const),
      });
      const photo = lastPhoto && random() < 0.1 ? lastPhoto : randomPhoto(random);
      lastPhoto = photo;
      await commands.attachFile(caseId, item.materials[0]!.key, photo);
      await commands.receiveCase(caseId, '材料后补');
    } catch {
      // The applicant's view left after a refusal: the agent moves on to the next villager.
    }
    if (random() < 0.3) await editSomeCase(commands, device, random);
    for (const returned of (await device.db.cases.toArray()).filter((c) => c.status === 'returned')) {
      await commands.resubmitCase(returned.id, '已补正').catch(() => undefined);
    }
    if (i % 3 === 2) await device.sync();
  }
}

async function registerOrReuse(
  commands: ReturnType<typeof makeCommands>,
  device: Device,
  i: number,
  random: () => number,
  known: string[],
) {
  const local = await device.db.applicants.toArray();
  if (local.length > 0 && random() < 0.3) return pick(random, local).id;
  // Now and then the same villager is registered on two tablets of the village: the township refuses one.
  const idNumber = known.length > 0 && random() < 0.05 ? pick(random, known) : newIdNumber(device.index, i);
  known.push(idNumber);
  try {
    return await commands.registerApplicant({ name: `村民${device.index}-${i}`, idNumber, flags: [] });
  } catch (error) {
    const existing = (error as { existingId?: string }).existingId;
    if (existing) return existing;
    throw error;
  }
}

async function editSomeCase(commands: ReturnType<typeof makeCommands>, device: Device, random: () => number) {
  const editable = (await device.db.cases.toArray()).filter((c) => MATERIALS_EDITABLE.includes(c.status));
  if (editable.length === 0) return;
  const target = pick(random, editable);
  const material = pick(random, target.materials);
  const status = pick(random, ['waived', 'missing'] as const);
  await commands.setMaterialStatus(target.id, material.key, status, `设备${device.index}修改`).catch(() => undefined);
}

/**
 * A valid ID number unique to this device and intake: the sequence digits are the device's, the
 * birth date moves one day per intake from 1940 (past, however many devices: a birth date after
 * today is refused).
 */
export function newIdNumber(deviceIndex: number, i: number): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `430981${birth}${String(deviceIndex % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function randomPhoto(random: () => number): Blob {
  const bytes = new Uint8Array(5_000 + Math.floor(random() * 35_000));
  for (let i = 0; i < bytes.length; i += 4) bytes[i] = Math.floor(random() * 256);
  return new Blob([bytes], { type: 'image/jpeg' });
}

export async function retry<T>(work: () => Promise<T>, attempts: number): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await work();
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

import { residentIdCheckChar, type ServiceItem } from '@daiban/schemas';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AGENT_SESSION } from '../testing/agent-session.ts';
import { makeCommands } from './commands.ts';
import { DaibanDb } from './db.ts';
import { CommandError } from './errors.ts';
import { setMeta } from './meta.ts';
import { isQuotaError } from './storage.ts';

const session = AGENT_SESSION;

const item = (version: number, keys: string[]): ServiceItem => ({
  code: 'CL-001',
  version,
  name: '残疾人证办理',
  department: 'disabled_persons',
  legalBasis: '《中华人民共和国残疾人保障法》',
  eligibility: '本村户籍残疾人',
  materials: keys.map((key) => ({ key, name: key, form: 'original', copies: 1, required: true })),
  steps: ['申请', '审核'],
  timeLimitDays: 30,
  fee: '免费',
  handling: 'township',
  homeVisit: true,
  publishedAt: '2026-01-01T00:00:00.000Z',
});

const idNumber = (first17: string) => first17 + residentIdCheckChar(first17);
const person = { name: '周桂香', idNumber: idNumber('43098119480305002'), phone: '13807370123', flags: ['elderly' as const] };
const jpeg = (n: number) => new Blob([new Uint8Array(n).fill(n % 250)], { type: 'image/jpeg' });

let db: DaibanDb;
let commands: ReturnType<typeof makeCommands>;
afterEach(() => vi.useRealTimers());
beforeEach(async () => {
  db = new DaibanDb(`commands-${crypto.randomUUID()}`);
  commands = makeCommands(db);
  await setMeta(db, 'session', session);
  await db.serviceItems.bulkPut([item(1, ['id_card']), item(2, ['id_card', 'photo'])]);
});

describe('commands: every write is the record plus its outbox entry, atomically', () => {
  it('registers an applicant and queues the mutation with the next device sequence number', async () => {
    const id = await commands.registerApplicant(person);
    expect(await db.applicants.get(id)).toMatchObject({ name: '周桂香', idNumber: person.idNumber, villageId: 'v-dxg' });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ seq: 1, entityId: id, mutation: { type: 'applicant.register', deviceSeq: 1 } });
  });

  it('refuses a wrong ID number with a readable message and writes nothing', async () => {
    const bad = { ...person, idNumber: '430981194803050021' };
    await expect(commands.registerApplicant(bad)).rejects.toMatchObject({
      key: 'error.applicantInvalid',
      params: { details: expect.stringMatching(/校验位/) },
    });
    expect(await db.applicants.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses an ID number born after today (China date) with its own message, and takes one born today', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T17:00:00Z')); // 21 November, 01:00 in China
    await expect(commands.registerApplicant({ ...person, idNumber: idNumber('43098120261122001') })).rejects.toMatchObject({
      key: 'idProblem.future_birth',
    });
    expect(await db.outbox.count()).toBe(0);
    await commands.registerApplicant({ ...person, idNumber: idNumber('43098120261121001') });
    expect(await db.outbox.count()).toBe(1);
  });

  it('leads a second registration of the same ID number to the existing record', async () => {
    const first = await commands.registerApplicant(person);
    const error = await commands.registerApplicant({ ...person, name: '周桂花' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ code: 'duplicate', existingId: first });
    expect(await db.outbox.count()).toBe(1);
  });

  it('opens a case from the newest catalog version with its checklist and a coordinated-free case number', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'home_visit' });
    const second = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    const opened = await db.cases.get(caseId);
    expect(opened).toMatchObject({ serviceItemVersion: 2, status: 'draft', channel: 'home_visit', agentId: 'agent-1' });
    expect(opened?.materials.map((m) => [m.key, m.status])).toEqual([
      ['id_card', 'missing'],
      ['photo', 'missing'],
    ]);
    expect(opened?.caseNumber).toMatch(/^DXG-T01-\d{8}-0001$/);
    expect((await db.cases.get(second))?.caseNumber).toMatch(/-0002$/);
    expect((await db.outbox.toArray()).map((e) => e.mutation.deviceSeq)).toEqual([1, 2, 3]);
  });

  it('opens no case for a retired item, and the outbox keeps only what came before', async () => {
    const applicantId = await commands.registerApplicant(person);
    await db.serviceItems.put({ ...item(3, ['id_card']), retired: true });
    await expect(commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' })).rejects.toMatchObject({
      key: 'error.itemRetired',
    });
    expect(await db.cases.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
  });

  it('writes nothing when opening a case fails half-way (unknown item)', async () => {
    const applicantId = await commands.registerApplicant(person);
    await expect(commands.openCase({ applicantId, serviceItemCode: 'XX-999', channel: 'walk_in' })).rejects.toMatchObject({
      key: 'error.itemNotFound',
    });
    expect(await db.cases.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.meta.filter((r) => r.key.startsWith('caseSeq:')).count()).toBe(0);
  });

  it('stores a photo once by its hash, marks the material collected, and queues the change', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    await commands.attachFile(caseId, 'id_card', jpeg(2048));
    await commands.attachFile(caseId, 'photo', jpeg(2048));
    expect(await db.blobs.count()).toBe(1);
    const c = await db.cases.get(caseId);
    expect(c?.materials.every((m) => m.status === 'collected' && m.attachments.length === 1)).toBe(true);
    expect((await db.outbox.toArray()).at(-1)?.mutation.type).toBe('case.setMaterial');
  });

  it('refuses files of other types, empty files and oversized files without writing', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    const before = await db.outbox.count();
    await expect(commands.attachFile(caseId, 'id_card', new Blob(['<html>'], { type: 'text/html' }))).rejects.toMatchObject({
      key: 'error.fileType',
    });
    await expect(commands.attachFile(caseId, 'id_card', new Blob([], { type: 'image/png' }))).rejects.toMatchObject({
      key: 'error.fileEmpty',
    });
    await expect(commands.attachFile(caseId, 'id_card', jpeg(11 * 1024 * 1024))).rejects.toMatchObject({
      key: 'error.fileTooLarge',
      params: { size: '11.0', max: 10 },
    });
    expect(await db.outbox.count()).toBe(before);
    expect(await db.blobs.count()).toBe(0);
  });

  it('receives a draft once; a second receive is refused', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    await commands.receiveCase(caseId, '材料后补');
    expect((await db.cases.get(caseId))?.status).toBe('received');
    await expect(commands.receiveCase(caseId, '材料后补')).rejects.toMatchObject({ key: 'error.onlyDraftReceive' });
  });
});

describe('dates written on a tablet whose clock is wrong', () => {
  it('dates the case number, receipt, photos and villager by the server-corrected time, in China’s calendar', async () => {
    // The server says 2026-12-31 23:30 in China; the tablet's clock runs three days ahead.
    const server = Date.parse('2026-12-31T15:30:00Z');
    const ahead = 3 * 86_400_000;
    db.wallClock = () => server + ahead;
    await setMeta(db, 'clockOffsetMs', -ahead);
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    await commands.attachFile(caseId, 'id_card', jpeg(2048));
    await commands.receiveCase(caseId, '材料后补');
    const c = await db.cases.get(caseId);
    expect(c?.caseNumber).toBe('DXG-T01-20261231-0001');
    const serverTime = new Date(server).toISOString();
    expect(c?.receivedAt).toBe(serverTime);
    expect(c?.materials[0]?.attachments[0]?.addedAt).toBe(serverTime);
    expect((await db.applicants.get(applicantId))?.createdAt).toBe(serverTime);
  });
});

describe('materials rules on the tablet', () => {
  const lastMutation = async () => (await db.outbox.orderBy('seq').last())?.mutation;

  it('receives with required materials missing only with a reason (容缺受理), kept on the case', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    const before = await db.outbox.count();
    await expect(commands.receiveCase(caseId)).rejects.toMatchObject({
      key: 'error.requiredMissing',
      params: { names: 'id_card、photo' },
    });
    await expect(commands.receiveCase(caseId, '   ')).rejects.toMatchObject({ key: 'error.requiredMissing' });
    expect(await db.outbox.count()).toBe(before);
    await commands.receiveCase(caseId, '三日内补交');
    expect((await lastMutation())?.payload).toMatchObject({ missingReason: '三日内补交' });
    expect((await db.cases.get(caseId))?.exceptions).toEqual([
      expect.objectContaining({ kind: 'received_missing', materialKeys: ['id_card', 'photo'], reason: '三日内补交' }),
    ]);
  });

  it('receives a complete case without asking, and sends no reason', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    await commands.attachFile(caseId, 'id_card', jpeg(2048));
    await commands.setMaterialStatus(caseId, 'photo', 'waived', '现场核验');
    await commands.receiveCase(caseId, '不会被记下');
    expect((await lastMutation())?.payload).not.toHaveProperty('missingReason');
    expect((await db.cases.get(caseId))?.exceptions).toBeUndefined();
  });

  it('drops the 免交 note once the material is collected after all', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    await commands.setMaterialStatus(caseId, 'photo', 'waived', '现场核验');
    await commands.attachFile(caseId, 'photo', jpeg(2048));
    const photo = (await db.cases.get(caseId))?.materials.find((m) => m.key === 'photo');
    expect(photo).toMatchObject({ status: 'collected', note: '' });
  });

  it('waits for a photo still being processed before 受理: the photo is on the case before the receipt', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    await commands.setMaterialStatus(caseId, 'photo', 'waived', '现场核验');
    let finish: (photo: Blob) => void = () => undefined;
    const downscaling = new Promise<Blob>((resolve) => {
      finish = resolve;
    });
    const attached = commands.attachFile(caseId, 'id_card', downscaling);
    const received = commands.receiveCase(caseId);
    await new Promise((r) => setTimeout(r, 50));
    expect((await db.cases.get(caseId))?.status).toBe('draft');
    finish(jpeg(4096));
    await Promise.all([attached, received]);
    const c = await db.cases.get(caseId);
    expect(c?.status).toBe('received');
    expect(c?.materials.find((m) => m.key === 'id_card')?.attachments).toHaveLength(1);
    // Nothing was missing once the photo was on: received without a reason.
    expect(c?.exceptions).toBeUndefined();
    const types = (await db.outbox.orderBy('seq').toArray()).map((e) => e.mutation.type);
    expect(types.slice(-2)).toEqual(['case.setMaterial', 'case.receive']);
  });
});

describe('a full tablet: a write that hits the quota fails whole and says what to do', () => {
  const quotaExceeded = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  /** Everything in the database, blobs by their bytes, to compare before and after. */
  const snapshot = async () =>
    Promise.all(
      db.tables.map(async (table) => {
        const rows = await table.toArray();
        return Promise.all(
          rows.map(async (row: Record<string, unknown>) =>
            row.blob instanceof Blob ? { ...row, blob: [...new Uint8Array(await row.blob.arrayBuffer())] } : row,
          ),
        );
      }),
    );

  it('rolls back a photo whose change cannot be queued: the case, its photos and the outbox stay as saved', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    await commands.attachFile(caseId, 'id_card', jpeg(2048));
    const before = await snapshot();
    // The new photo's bytes are written first; the quota runs out at the outbox entry after them.
    db.outbox.hook('creating', () => {
      throw quotaExceeded();
    });
    const error = await commands.attachFile(caseId, 'photo', jpeg(4096)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ key: 'error.storageFull', code: 'storage_full' });
    expect(await snapshot()).toEqual(before);
    expect(await db.blobs.count()).toBe(1);
    expect((await db.cases.get(caseId))?.materials.find((m) => m.key === 'photo')?.status).toBe('missing');
  });

  it('turns the quota error into the same message for every command', async () => {
    db.applicants.hook('creating', () => {
      throw quotaExceeded();
    });
    await expect(commands.registerApplicant(person)).rejects.toMatchObject({ key: 'error.storageFull' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.meta.get('deviceSeq')).toBeUndefined();
  });

  it('recognises a quota error however IndexedDB and Dexie report it, and nothing else', () => {
    expect(isQuotaError(quotaExceeded())).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quotaExceeded()))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted'))).toBe(false);
    expect(isQuotaError(new Dexie.ConstraintError('Key already exists'))).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});

describe('removing draft photos makes room', () => {
  it('frees the bytes of a photo taken off before upload, unless another case still shows it', async () => {
    const applicantId = await commands.registerApplicant(person);
    const first = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    const second = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    const shared = jpeg(2048);
    const own = jpeg(3000);
    await commands.attachFile(first, 'id_card', shared);
    await commands.attachFile(second, 'id_card', shared);
    await commands.attachFile(first, 'photo', own);
    const [sharedSha, ownSha] = ((await db.cases.get(first))?.materials ?? []).map((m) => m.attachments[0]?.sha256 ?? '');
    await commands.removeAttachment(first, 'photo', ownSha!);
    await commands.removeAttachment(first, 'id_card', sharedSha!);
    expect((await db.blobs.toArray()).map((b) => b.sha256)).toEqual([sharedSha]);
  });

  it('keeps the bytes once uploaded: the server has them and other records may point at them', async () => {
    const applicantId = await commands.registerApplicant(person);
    const caseId = await commands.openCase({ applicantId, serviceItemCode: 'CL-001', channel: 'walk_in' });
    await commands.attachFile(caseId, 'id_card', jpeg(2048));
    const [blob] = await db.blobs.toArray();
    await db.blobOutbox.delete(blob!.sha256);
    await commands.removeAttachment(caseId, 'id_card', blob!.sha256);
    expect(await db.blobs.count()).toBe(1);
  });
});

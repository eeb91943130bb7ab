import { readFileSync } from 'node:fs';
import type { MutationResult } from '@daiban/schemas';
import { chainHead } from '@daiban/sync-server/db';
import { headSignatureValid, publicKeyFileOf } from '@daiban/sync-server/ledger';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMeta, setMeta } from '../data/meta.ts';
import { dropAnswerOnce, idNumber, intake } from '../testing/sync-fixtures.ts';
import { signedInTablet, type TestTablet } from '../testing/test-tablet.ts';
import type { ApiClient } from './api-client.ts';
import { NetworkError } from './api-client.ts';
import { PUSH_BATCH, pullChanges, pushOutbox, syncOnce } from './sync-engine.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const count = async (sql: string) => ((await server.db.get(sql)) as { n: number }).n;
/** Registers `n` villagers: `n` changes in the outbox. */
async function registerMany(tablet: TestTablet, n: number) {
  for (let i = 0; i < n; i++) {
    const born = `1950-01-${String(1 + (i % 28)).padStart(2, '0')}`.replaceAll('-', '');
    const first17 = `430981${born}${String(Math.floor(i / 28)).padStart(3, '0')}`;
    await tablet.commands.registerApplicant({ name: `村民${i}`, idNumber: idNumber(first17), flags: [] });
  }
}

/**
 * Each push the tablet sends, with the first change's device number and how many changes its
 * outbox held the moment the push was sent (read in a transaction begun then).
 */
function watchedPushes(tablet: () => TestTablet, wrap: (api: ApiClient) => ApiClient = (api) => api) {
  const pushes: Promise<{ firstSeq: number | undefined; outbox: number }>[] = [];
  const api = (inner: ApiClient): ApiClient => {
    const wrapped = wrap(inner);
    return {
      ...wrapped,
      push: (mutations, body) => {
        const outbox = tablet().db.outbox.count();
        pushes.push(outbox.then((n) => ({ firstSeq: mutations[0]?.deviceSeq, outbox: n })));
        return wrapped.push(mutations, body);
      },
    };
  };
  return { api, pushes: () => Promise.all(pushes) };
}

/** The API with the first push's answers changed by `change`, as a server might send them; later answers as they come. */
function firstAnswerChanged(change: (results: MutationResult[]) => MutationResult[]) {
  return (api: ApiClient): ApiClient => {
    let calls = 0;
    return {
      ...api,
      push: async (mutations, body) => {
        const reply = await api.push(mutations, body);
        return ++calls === 1 ? { ...reply, results: change(reply.results) } : reply;
      },
    };
  };
}

describe('sync engine against the real server', () => {
  it('pushes a case, its materials and its photo, then pulls the township state back', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    const caseId = await intake(tablet);
    await syncOnce(tablet.db, tablet.api);
    expect(await tablet.db.outbox.count()).toBe(0);
    expect(await tablet.db.blobOutbox.count()).toBe(0);
    expect((await tablet.db.cases.get(caseId))?.status).toBe('submitted');
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(1);
    expect(await getMeta(tablet.db, 'lastSyncAt')).toBeDefined();
  });

  it('keeps the signed ledger heads it pulls as witnesses, one per head, valid under the township key', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    await pullChanges(tablet.db, tablet.api); // nothing new: the same head is not kept twice
    await intake(tablet);
    await syncOnce(tablet.db, tablet.api);
    const witnesses = (await getMeta(tablet.db, 'ledgerWitnesses')) ?? [];
    expect(witnesses).toHaveLength(2);
    expect(witnesses[1]).toMatchObject(chainHead(server.db));
    const publicKey = readFileSync(publicKeyFileOf(server.ledgerKeyFile), 'utf8');
    expect(witnesses.every((w) => headSignatureValid(publicKey, w))).toBe(true);
  });

  it('loses nothing and duplicates nothing when the push answer is lost after the server applied it', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent', dropAnswerOnce('push'));
    await pullChanges(tablet.db, tablet.api);
    await intake(tablet);
    await expect(pushOutbox(tablet.db, tablet.api)).rejects.toThrow(NetworkError);
    expect(await tablet.db.outbox.count()).toBe(4);
    const events = await count('SELECT COUNT(*) AS n FROM events');
    await syncOnce(tablet.db, tablet.api);
    expect(await tablet.db.outbox.count()).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM events')).toBe(events);
    expect(await count('SELECT COUNT(*) AS n FROM cases')).toBe(1);
  });

  it('sends the next batch as soon as one is answered, storing the answers while it travels; a lost answer loses nothing', async () => {
    let tablet: TestTablet | undefined;
    const watch = watchedPushes(() => tablet!, dropAnswerOnce('push', 2));
    tablet = await signedInTablet(server.url, 'dxg-agent', watch.api);
    await pullChanges(tablet.db, tablet.api);
    const total = PUSH_BATCH * 2 + 10;
    await registerMany(tablet, total);
    await expect(pushOutbox(tablet.db, tablet.api)).rejects.toThrow(NetworkError);
    // The second batch left before the first one's answers were stored.
    expect(await watch.pushes()).toEqual([
      { firstSeq: 1, outbox: total },
      { firstSeq: PUSH_BATCH + 1, outbox: total },
    ]);
    // Its answer was lost: the first batch's answers are stored all the same, the rest waits.
    expect(await tablet.db.outbox.count()).toBe(total - PUSH_BATCH);
    await pushOutbox(tablet.db, tablet.api);
    expect(await tablet.db.outbox.count()).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM events WHERE type = 'applicant.register'")).toBe(total);
  });

  it('cuts a batch of big changes short of the body the server takes, and sends the rest in order after it', async () => {
    // An item with the most materials, each with the longest name: every case opened for it is ~23 KB of JSON.
    const admin = await server.login('admin');
    const item = {
      code: 'MZ-950',
      name: '材料最多的事项',
      department: 'civil_affairs',
      legalBasis: '测试',
      eligibility: '测试',
      materials: Array.from({ length: 40 }, (_, i) => ({
        key: `material_${String(i).padStart(2, '0')}_${'x'.repeat(28)}`,
        name: `材料${i}`.padEnd(100, '证'),
        form: 'copy',
        copies: 1,
        required: false,
      })),
      steps: ['村代办员受理'],
      timeLimitDays: 5,
      fee: '不收费',
      handling: 'township',
      homeVisit: false,
    };
    const created = await server.api('/api/catalog', { method: 'POST', token: admin.token, body: JSON.stringify(item) });
    expect(created.status).toBe(201);
    let tablet: TestTablet | undefined;
    const watch = watchedPushes(() => tablet!);
    tablet = await signedInTablet(server.url, 'dxg-agent', watch.api);
    await pullChanges(tablet.db, tablet.api);
    const applicantId = await tablet.commands.registerApplicant({
      name: '周桂香',
      idNumber: idNumber('43098119480305002'),
      flags: [],
    });
    const cases = 200;
    for (let i = 0; i < cases; i++) {
      await tablet.commands.openCase({ applicantId, serviceItemCode: item.code, channel: 'walk_in', notes: '情'.repeat(2000) });
    }
    // All in one push would be ~4.6 MB once unpacked, over JSON_BODY_LIMIT: refused whole, every time.
    await pushOutbox(tablet.db, tablet.api);
    const pushes = await watch.pushes();
    expect(pushes.length).toBe(2);
    expect(pushes[1]!.firstSeq).toBeGreaterThan(1);
    expect(await tablet.db.outbox.count()).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM events WHERE type = 'case.open'")).toBe(cases);
  });

  it('never sends the next batch behind one answered only in part: it goes on from the first unanswered change', async () => {
    let tablet: TestTablet | undefined;
    // As a server that stopped at a gap: the first 100 answered, the rest left for a later push.
    const watch = watchedPushes(
      () => tablet!,
      firstAnswerChanged((results) => results.slice(0, 100)),
    );
    tablet = await signedInTablet(server.url, 'dxg-agent', watch.api);
    await pullChanges(tablet.db, tablet.api);
    await registerMany(tablet, PUSH_BATCH * 2 + 10);
    await pushOutbox(tablet.db, tablet.api);
    expect((await watch.pushes()).map((p) => p.firstSeq)).toEqual([1, 101, 101 + PUSH_BATCH]);
    expect(await tablet.db.outbox.count()).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM events WHERE type = 'applicant.register'")).toBe(PUSH_BATCH * 2 + 10);
  });

  it('keeps in the outbox a change a server left unanswered between answered ones, and sends it again', async () => {
    let tablet: TestTablet | undefined;
    // Not as the server answers (in order, from the head), but a tablet must not lose the change for it.
    const watch = watchedPushes(
      () => tablet!,
      firstAnswerChanged((results) => results.filter((_, i) => i !== 1)),
    );
    tablet = await signedInTablet(server.url, 'dxg-agent', watch.api);
    await pullChanges(tablet.db, tablet.api);
    await registerMany(tablet, PUSH_BATCH + 10);
    await pushOutbox(tablet.db, tablet.api);
    expect((await watch.pushes()).map((p) => p.firstSeq)).toEqual([1, 2]);
    expect(await tablet.db.outbox.count()).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM events WHERE type = 'applicant.register'")).toBe(PUSH_BATCH + 10);
  });

  it('does not move the cursor when a pulled page is lost, and pulls it again', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent', dropAnswerOnce('pull'));
    await expect(pullChanges(tablet.db, tablet.api)).rejects.toThrow(NetworkError);
    expect(await getMeta(tablet.db, 'cursor')).toBeUndefined();
    expect(await tablet.db.serviceItems.count()).toBe(0);
    await pullChanges(tablet.db, tablet.api);
    expect(await tablet.db.serviceItems.count()).toBeGreaterThanOrEqual(20);
  });

  it('pulls everything again when its cursor is beyond the ledger head (a server restored from a backup), keeping what waits in the outbox', async () => {
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(tablet.db, tablet.api);
    const caseId = await intake(tablet);
    await syncOnce(tablet.db, tablet.api);
    const key = (await tablet.db.cases.get(caseId))!.materials[0]!.key;
    await tablet.commands.setMaterialStatus(caseId, key, 'waived', '村委会出具证明');
    // What a restore leaves: the tablet has pulled further than the restored ledger goes.
    const head = await count('SELECT MAX(seq) AS n FROM events');
    await setMeta(tablet.db, 'cursor', head + 50);
    await tablet.db.serviceItems.clear();
    await pullChanges(tablet.db, tablet.api);
    expect(await getMeta(tablet.db, 'cursor')).toBe(head);
    expect(await tablet.db.serviceItems.count()).toBeGreaterThanOrEqual(20);
    expect(await tablet.db.outbox.count()).toBe(1);
    expect((await tablet.db.cases.get(caseId))?.materials.find((m) => m.key === key)?.status).toBe('waived');
    await syncOnce(tablet.db, tablet.api);
    expect(await tablet.db.outbox.count()).toBe(0);
  });

  it('keeps a refused mutation as needing attention and goes on with the rest', async () => {
    const first = await signedInTablet(server.url, 'dxg-agent');
    const second = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(first.db, first.api);
    await pullChanges(second.db, second.api);
    await first.commands.registerApplicant({ name: '王建国', idNumber: idNumber('43098119600101001'), flags: [] });
    await second.commands.registerApplicant({ name: '王建国', idNumber: idNumber('43098119600101001'), flags: [] });
    await second.commands.registerApplicant({ name: '李四', idNumber: idNumber('43098119700101002'), flags: [] });
    await syncOnce(first.db, first.api);
    await syncOnce(second.db, second.api);
    expect(await second.db.outbox.count()).toBe(0);
    const refusals = await second.db.refusals.toArray();
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ reason: 'duplicate_id_number' });
    expect(await count('SELECT COUNT(*) AS n FROM applicants')).toBe(2);
  });

  it("sees the other tablet's cases of the village and the township's acceptance", async () => {
    const a = await signedInTablet(server.url, 'dxg-agent');
    const b = await signedInTablet(server.url, 'dxg-agent');
    await pullChanges(a.db, a.api);
    const caseId = await intake(a);
    await syncOnce(a.db, a.api);
    const supervisor = await server.login('supervisor');
    const res = await server.api(`/api/cases/${caseId}/accept`, {
      method: 'POST',
      token: supervisor.token,
      body: '{"missingAcknowledged":true}',
    });
    expect(res.status).toBe(200);
    await syncOnce(b.db, b.api);
    await syncOnce(a.db, a.api);
    expect((await b.db.cases.get(caseId))?.status).toBe('accepted');
    expect((await a.db.cases.get(caseId))?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

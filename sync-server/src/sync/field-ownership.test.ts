import {
  type Applicant,
  applicantSchema,
  type Case,
  caseSchema,
  formatHlc,
  type Handover,
  handoverSchema,
  type Mutation,
  mutationSchema,
  newId,
  type OpenedCase,
  type PullResponse,
  type PushResponse,
  type Visit,
  visitSchema,
} from '@daiban/schemas';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbChecksum } from '../testing/db-checksum.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const now = new Date('2026-11-20T02:00:00Z');
const at = now.toISOString();
const sha256 = 'a'.repeat(64);
const attachment = { sha256, size: 1000, mime: 'image/jpeg' as const, addedAt: at };

// Records with every field set, the township's and the server's included: where a mutation's
// payload lacks a field, the value here is what a tablet would try to slip in.
const townshipCase: Case = caseSchema.parse({
  id: newId(),
  caseNumber: 'DXG-T09-20261120-0001',
  villageId: 'v-other',
  serviceItemCode: 'X',
  serviceItemVersion: 1,
  applicantId: newId(),
  agentId: 'someone-else',
  handlerId: 'another-village-agent',
  deviceId: 'another-device',
  channel: 'walk_in',
  materials: [{ key: 'id_card', name: '身份证', required: true, status: 'collected', attachments: [attachment] }],
  notes: '',
  status: 'accepted',
  createdAt: at,
  receivedAt: at,
  submittedAt: at,
  acceptedAt: at,
  dueDate: '2030-01-01',
  decisionNote: '同意',
  returnRequest: { reason: '补正', materialKeys: ['id_card'], returnedOn: '2026-11-20' },
  rejection: { reason: '不符合条件', rejectedAt: at },
  completedAt: at,
  result: '已办结',
  resultAttachments: [attachment],
  delivery: { deliveredAt: at, receivedBy: '本人' },
  rating: { level: 5, ratedAt: at },
  clocks: { 'materials.id_card': '009999999999999-00000-forged' },
  history: [{ seq: 1, type: 'case.accept', at, by: 'supervisor' }],
  exceptions: [{ kind: 'received_missing', materialKeys: ['id_card'], reason: '伪造的容缺理由', at }],
  updatedAt: at,
});
const townshipVisit: Visit = visitSchema.parse({
  id: newId(),
  villageId: 'v-other',
  applicantId: newId(),
  serviceItemCode: 'X',
  plannedFor: '2026-11-21',
  address: '3组',
  status: 'done',
  visitedAt: at,
  location: { lat: 28, lon: 112, accuracyM: 10 },
  present: '本人',
  consent: attachment,
  caseId: newId(),
  notes: '已上门',
  createdAt: at,
  updatedAt: at,
});
const townshipHandover: Handover = handoverSchema.parse({
  id: newId(),
  slipNumber: 'DXG-T09-20261120-J01',
  villageId: 'v-other',
  caseIds: [townshipCase.id],
  items: [{ caseId: townshipCase.id, caseNumber: townshipCase.caseNumber, originals: [] }],
  status: 'received',
  createdAt: at,
  receivedAt: at,
  receivedBy: { id: 'supervisor', name: '审核员' },
  missing: [{ caseId: townshipCase.id, key: 'id_card', note: '未见原件' }],
});
const townshipApplicant: Applicant = applicantSchema.parse({
  id: newId(),
  villageId: 'v-other',
  name: '某人',
  idNumber: '11010519491231002X',
  flags: [],
  createdAt: at,
});

/** Each record's fields, the record the mutation writes first. */
function recordsFor(type: Mutation['type']): Record<string, unknown>[] {
  const byKind: Record<string, Record<string, unknown>> = {
    applicant: townshipApplicant,
    case: townshipCase,
    visit: townshipVisit,
    handover: townshipHandover,
  };
  const own = byKind[type.split('.')[0] as string] as Record<string, unknown>;
  return [own, ...Object.values(byKind).filter((r) => r !== own)];
}

/**
 * What a tablet must not set when it creates a record (DESIGN.md §4): the township's decisions, what
 * later mutations set, and what the server keeps. Listed here, not derived from the schemas under test.
 */
const notSetOnCreation: Partial<Record<Mutation['type'], string[]>> = {
  'case.open': [
    ...['handlerId', 'receivedAt', 'submittedAt', 'acceptedAt', 'dueDate', 'decisionNote', 'returnRequest', 'rejection'],
    ...['completedAt', 'result', 'resultAttachments', 'delivery', 'rating', 'clocks', 'history', 'exceptions'],
  ],
  'visit.plan': ['visitedAt', 'location', 'present', 'consent', 'caseId', 'notes'],
  'handover.create': ['receivedAt', 'receivedBy', 'missing'],
};

/** Every field of a record that the mutation does not own, with a value valid for the record. */
function foreignFields(type: Mutation['type']): [string, unknown][] {
  const option = mutationSchema.options.find((o) => o.shape.type.value === type)!;
  const forbidden = new Set(notSetOnCreation[type]);
  const owned = new Set(Object.keys(option.shape.payload.shape).filter((key) => !forbidden.has(key)));
  const fields = new Map<string, unknown>();
  for (const record of recordsFor(type)) {
    for (const [key, value] of Object.entries(record)) if (!owned.has(key) && !fields.has(key)) fields.set(key, value);
  }
  return [...fields];
}

let server: TestServer;
let tablet: FakeTablet;
/** A valid mutation of every type, each numbered as the device's next one. */
let valid: Map<Mutation['type'], Mutation>;

beforeAll(async () => {
  server = await startTestServer({ now: () => now });
  const agent = await server.login('dxg-agent');
  const supervisor = await server.login('supervisor');
  tablet = new FakeTablet(agent, server.now);
  const page = (await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse;
  const item = page.serviceItems[0]!;
  let lastSeq = 0;
  const push = async (mutations: Mutation[]) => {
    lastSeq = mutations.at(-1)!.deviceSeq;
    const res = await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
    const { results } = (await res.json()) as PushResponse;
    if (!results.every((r) => r.outcome === 'applied')) throw new Error(`scene not applied: ${JSON.stringify(results)}`);
  };
  const decide = async (caseId: string, decision: string, body: object) => {
    const res = await server.api(`/api/cases/${caseId}/${decision}`, {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${decision} failed: ${res.status}`);
  };

  const applicant = tablet.applicant();
  const cases = [1, 2, 3, 4, 5].map((n) => tablet.openedCase(applicant, item, n));
  const [draft, returned, completed, delivered] = cases as [Case, Case, Case, Case];
  const visit = { ...townshipVisit, villageId: tablet.villageId, applicantId: applicant.id, status: 'planned' as const };
  const { visitedAt: _v, location: _l, present: _p, consent: _c, caseId: _k, notes: _n, ...planned } = visit;
  await push([
    tablet.mutation('applicant.register', applicant),
    ...cases.map((c) => tablet.mutation('case.open', c)),
    ...[returned, completed, delivered].map((c) => tablet.receive(c.id, new Date(at))),
    tablet.mutation('visit.plan', planned),
  ]);
  await decide(returned.id, 'return', { reason: '请补正身份证', materialKeys: [item.materials[0]!.key] });
  for (const c of [completed, delivered]) {
    await decide(c.id, 'accept', { missingAcknowledged: true });
    await decide(c.id, 'complete', { result: '已办结' });
  }
  await push([tablet.mutation('case.deliver', { caseId: delivered.id, deliveredAt: at, receivedBy: '本人' })]);

  // Every mutation below is numbered as the device's next: any one of them could come next.
  const seq = lastSeq + 1;
  const hlc = formatHlc({ wallMs: now.getTime(), counter: 0 }, tablet.session.device.id);
  const next = <T extends Mutation['type']>(type: T, payload: Extract<Mutation, { type: T }>['payload']) =>
    [type, { id: newId(), deviceSeq: seq, hlc, type, payload } as Mutation] as const;
  const slip = tablet.handover([draft], item);
  valid = new Map([
    next('applicant.register', tablet.applicant()),
    next('case.open', tablet.openedCase(applicant, item, 9)),
    next('case.setMaterial', { caseId: draft.id, key: item.materials[0]!.key, status: 'waived', attachments: [], base: null }),
    next('case.receive', { caseId: draft.id, receivedAt: at, missingReason: '材料后补' }),
    next('case.resubmit', { caseId: returned.id, reason: '原件已当面核验' }),
    next('case.deliver', { caseId: completed.id, deliveredAt: at, receivedBy: '本人' }),
    next('case.rate', { caseId: delivered.id, level: 4, ratedAt: at }),
    next('visit.plan', { ...planned, id: newId() }),
    next('visit.record', { visitId: visit.id, visitedAt: at, present: '本人', consent: attachment }),
    next('handover.create', slip),
    next('case.takeOver', {
      caseId: draft.id,
      fromAgentId: agent.account.id,
      toAgentId: agent.account.id,
      reason: '本人继续办理',
    }),
  ]);
});
afterAll(() => server.close());

async function pushOne(m: unknown) {
  const res = await server.api('/api/sync/push', {
    method: 'POST',
    token: tablet.session.token,
    body: JSON.stringify({ mutations: [m] }),
  });
  return { status: res.status, body: (await res.json()) as PushResponse & { error?: { reason: string } } };
}

describe('a mutation carries only the fields its author owns', () => {
  it('covers every mutation type', () => {
    expect([...valid.keys()].sort()).toEqual(mutationSchema.options.map((o) => o.shape.type.value).sort());
  });

  it('refuses a mutation carrying any field it does not own, with validation_failed, and writes nothing', async () => {
    const targets = [...valid.keys()].flatMap((type) => foreignFields(type).map(([field, value]) => ({ type, field, value })));
    const target = fc.constantFrom(...targets);
    await fc.assert(
      fc.asyncProperty(target, fc.option(fc.jsonValue(), { nil: undefined }), async ({ type, field, value }, other) => {
        const m = valid.get(type)!;
        const tampered = { ...m, payload: { ...m.payload, [field]: other ?? value } };
        const before = await dbChecksum(server.db);
        const { status, body } = await pushOne(tampered);
        const reason = body.error?.reason ?? body.results?.[0]?.reason;
        expect({ type, field, status, reason }).toEqual({ type, field, status: 400, reason: 'validation_failed' });
        expect(await dbChecksum(server.db)).toBe(before);
      }),
      // Every (type, field) pair once with a value valid for its record, then random values.
      { examples: targets.map((t) => [t, undefined] as [typeof t, undefined]), numRuns: targets.length + 100, seed: 20261120 },
    );
    // Two checksums of the whole ledger per run: on PostgreSQL a few hundred of them take longer than the default.
  }, 120_000);

  it('applies each of those mutations without the foreign field', async () => {
    // Pushed one after the other, each renumbered as the device's next: they touch different records.
    const results = [];
    let seq = [...valid.values()][0]!.deviceSeq;
    for (const m of valid.values()) {
      const { body } = await pushOne({ ...m, deviceSeq: seq++ });
      results.push([m.type, body.results[0]?.outcome, body.results[0]?.message]);
    }
    expect(results).toEqual([...valid.keys()].map((type) => [type, 'applied', undefined]));
  });
});

describe('case.open names its author', () => {
  it('refuses a case opened in another agent’s, device’s or village’s name, and applies the honest one', async () => {
    const own = new FakeTablet(await server.login('dxg-agent'), server.now);
    const colleague = await server.login('dxg-agent-b');
    const elsewhere = await server.login('qshs-agent');
    const item = ((await (await server.api('/api/sync/pull', { token: own.session.token })).json()) as PullResponse)
      .serviceItems[0]!;
    const applicant = own.applicant();
    const opened = (n: number, claim: Partial<OpenedCase>) =>
      own.mutation('case.open', { ...own.openedCase(applicant, item, n), ...claim });
    const res = await server.api('/api/sync/push', {
      method: 'POST',
      token: own.session.token,
      body: JSON.stringify({
        mutations: [
          own.mutation('applicant.register', applicant),
          opened(1, { agentId: colleague.account.id }),
          opened(2, { deviceId: colleague.device.id }),
          opened(3, { villageId: elsewhere.village!.id }),
          opened(4, {}),
        ],
      }),
    });
    const { results } = (await res.json()) as PushResponse;
    expect(results.map((r) => [r.outcome, r.reason])).toEqual([
      ['applied', undefined],
      ['refused', 'forbidden'],
      ['refused', 'forbidden'],
      ['refused', 'forbidden'],
      ['applied', undefined],
    ]);
    expect(results[1]?.message).toMatch(/agentId/);
    expect(results[2]?.message).toMatch(/deviceId/);
  });
});

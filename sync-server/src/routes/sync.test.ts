import { gunzipSync, gzipSync } from 'node:zlib';
import {
  JSON_BODY_LIMIT,
  PULL_CURSOR_HEADER,
  PULL_GZIP_TYPE,
  PULL_MORE_HEADER,
  type PullResponse,
  type PushResponse,
} from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbChecksum } from '../testing/db-checksum.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { AUTH_BODY_LIMIT } from './json-body.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

async function push(token: string, mutations: unknown[]) {
  const res = await server.api('/api/sync/push', { method: 'POST', token, body: JSON.stringify({ mutations }) });
  return { status: res.status, body: (await res.json()) as PushResponse & { error?: { reason: string; message: string } } };
}

async function pull(token: string, cursor = 0, limit = 500): Promise<PullResponse> {
  const res = await server.api(`/api/sync/pull?cursor=${cursor}&limit=${limit}`, { token });
  expect(res.status).toBe(200);
  const page = (await res.json()) as PullResponse;
  // The headers repeat the next cursor, for a device to ask for the next page before reading this one.
  expect([res.headers.get(PULL_CURSOR_HEADER), res.headers.get(PULL_MORE_HEADER)]).toEqual([
    String(page.cursor),
    page.hasMore ? '1' : '0',
  ]);
  return page;
}

const count = async (table: string) => ((await server.db.get(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }).n;

describe('push and pull over HTTP', () => {
  it('gives a fresh device the catalog and its village, and nothing of other villages', async () => {
    const session = await server.login('dxg-agent');
    const page = await pull(session.token);
    expect(page.serviceItems.length).toBeGreaterThanOrEqual(20);
    expect(page.villages.map((v) => v.code)).toContain('DXG');
    expect(page.cases).toEqual([]);
    expect(page.hasMore).toBe(false);
  });

  it('sends a pulled page gzipped to a client that accepts it, plain to one that does not, and as a gzip file to one that asks for that', async () => {
    const session = await server.login('dxg-agent');
    const get = (encoding: string) =>
      server.api('/api/sync/pull?cursor=0&limit=500', { token: session.token, headers: { 'accept-encoding': encoding } });
    const zipped = await get('gzip, deflate, br');
    const plain = await get('identity');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(await zipped.text()).toBe(text);
    expect(Number(plain.headers.get('content-length'))).toBe(Buffer.byteLength(text));

    // Asked as a gzip file (a tablet stores the page so): the same page, compressed once, headers alike.
    const file = await server.api('/api/sync/pull?cursor=0&limit=500', {
      token: session.token,
      headers: { accept: PULL_GZIP_TYPE, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(file.headers.get('content-type')).toBe(PULL_GZIP_TYPE);
    expect(file.headers.get('content-encoding')).toBeNull();
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    expect(bytes.length).toBeLessThan(Buffer.byteLength(text) / 3);
    expect([file.headers.get(PULL_CURSOR_HEADER), file.headers.get(PULL_MORE_HEADER)]).toEqual([
      plain.headers.get(PULL_CURSOR_HEADER),
      plain.headers.get(PULL_MORE_HEADER),
    ]);
  });

  it('applies a case once even when the same batch is pushed twice, and answers alike', async () => {
    const session = await server.login('dxg-agent');
    const tablet = new FakeTablet(session, server.now);
    const [item] = (await pull(session.token)).serviceItems;
    const applicant = tablet.applicant();
    const opened = tablet.openedCase(applicant, item!);
    const batch = [
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
      tablet.receive(opened.id),
    ];
    const first = await push(session.token, batch);
    const eventsAfterFirst = await count('events');
    const again = await push(session.token, batch);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(again.body).toEqual(first.body);
    expect(await count('events')).toBe(eventsAfterFirst);
    expect(await count('cases')).toBe(1);

    const page = await pull(session.token);
    expect(page.cases).toHaveLength(1);
    expect(page.cases[0]).toMatchObject({ id: opened.id, status: 'submitted', agentId: session.account.id });
    expect(page.applicants[0]?.idNumber).toBe(applicant.idNumber);
  });

  it('applies a batch once when the same batch is pushed twice at the same moment', async () => {
    const session = await server.login('dxg-agent');
    const tablet = new FakeTablet(session, server.now);
    const batch = Array.from({ length: 50 }, () => tablet.mutation('applicant.register', tablet.applicant()));
    const [a, b] = await Promise.all([await push(session.token, batch), await push(session.token, batch)]);
    expect(a.body).toEqual(b.body);
    expect(a.body.results.every((r) => r.outcome === 'applied')).toBe(true);
    expect(await count('applicants')).toBe(50);
    expect(await count('events WHERE mutation_id IS NOT NULL')).toBe(50);
  });

  it('refuses an invalid transition with a reason and still applies what follows it', async () => {
    const session = await server.login('dxg-agent');
    const tablet = new FakeTablet(session, server.now);
    const [item] = (await pull(session.token)).serviceItems;
    const applicant = tablet.applicant();
    const opened = tablet.openedCase(applicant, item!);
    const receive = () => tablet.receive(opened.id);
    const { body } = await push(session.token, [
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
      receive(),
      receive(),
      tablet.mutation('case.setMaterial', {
        caseId: opened.id,
        key: item!.materials[0]!.key,
        status: 'waived',
        attachments: [],
        note: '村委会已核实',
        base: null,
      }),
    ]);
    expect(body.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'refused', 'applied']);
    expect(body.results[3]).toMatchObject({ reason: 'invalid_transition' });
    expect(body.results[3]?.message).toMatch(/submitted/);
  });

  it('leaves a mutation that arrives before an earlier one unanswered, and applies it once the gap is filled', async () => {
    const session = await server.login('dxg-agent');
    const tablet = new FakeTablet(session, server.now);
    const first = tablet.mutation('applicant.register', tablet.applicant());
    const second = tablet.mutation('applicant.register', tablet.applicant({ name: '王建国' }));
    const early = await push(session.token, [second]);
    expect(early.body.results).toEqual([]);
    const filled = await push(session.token, [first, second]);
    expect(filled.body.results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });

  it('refuses the same ID number registered twice in a village', async () => {
    const session = await server.login('dxg-agent');
    const tablet = new FakeTablet(session, server.now);
    const a = tablet.applicant();
    const { body } = await push(session.token, [
      tablet.mutation('applicant.register', a),
      tablet.mutation('applicant.register', { ...a, id: crypto.randomUUID() }),
    ]);
    expect(body.results.map((r) => r.reason ?? r.outcome)).toEqual(['applied', 'duplicate_id_number']);
  });

  it('keeps each village to itself: another village neither sees nor writes its cases', async () => {
    const dxg = await server.login('dxg-agent');
    const tablet = new FakeTablet(dxg, server.now);
    const a = tablet.applicant();
    await push(dxg.token, [tablet.mutation('applicant.register', a)]);
    const other = (await await server.db.get(
      "SELECT username FROM accounts WHERE role = 'agent' AND village_id != 'v-dxg' LIMIT 1",
    )) as { username: string };
    const neighbour = await server.login(other.username);
    expect((await pull(neighbour.token)).applicants).toEqual([]);
    const intruder = new FakeTablet(neighbour, server.now);
    const { body } = await push(neighbour.token, [
      intruder.mutation('applicant.register', { ...intruder.applicant(), villageId: dxg.village!.id }),
    ]);
    expect(body.results[0]).toMatchObject({ outcome: 'refused', reason: 'forbidden' });
  });

  it('pages through changes by cursor without losing or repeating any', async () => {
    const session = await server.login('dxg-agent');
    const all = await pull(session.token, 0, 1000);
    const seen: string[] = [];
    let cursor = 0;
    for (let guard = 0; guard < 100; guard++) {
      const page = await pull(session.token, cursor, 7);
      seen.push(...page.serviceItems.map((i) => i.code), ...page.villages.map((v) => v.id));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen.sort()).toEqual([...all.serviceItems.map((i) => i.code), ...all.villages.map((v) => v.id)].sort());
    expect((await pull(session.token, cursor)).serviceItems).toEqual([]);
  });
});

describe('a pull cursor beyond the ledger head', () => {
  it('is answered 409 cursor_ahead (the ledger was restored from an older backup); the head itself is a cursor like any', async () => {
    const session = await server.login('dxg-agent');
    const head = (await pull(session.token)).cursor;
    expect(head).toBe(((await server.db.get('SELECT MAX(seq) AS n FROM events')) as { n: number }).n);
    expect((await pull(session.token, head)).cursor).toBe(head);
    const res = await server.api(`/api/sync/pull?cursor=${head + 1}`, { token: session.token });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe('cursor_ahead');
  });
});

describe('bad input to push', () => {
  it('answers a schema violation with 400 and the issues, and writes nothing', async () => {
    const session = await server.login('dxg-agent');
    const tablet = new FakeTablet(session, server.now);
    const good = tablet.mutation('applicant.register', tablet.applicant());
    const bad = { ...tablet.mutation('applicant.register', tablet.applicant()), payload: { name: '' } };
    const before = await count('events');
    const { status, body } = await push(session.token, [good, bad]);
    expect(status).toBe(400);
    expect(body.error?.reason).toBe('validation_failed');
    expect(await count('events')).toBe(before);
    expect(await count('applicants')).toBe(0);
  });

  it('answers malformed JSON with 400', async () => {
    const session = await server.login('dxg-agent');
    const res = await server.api('/api/sync/push', { method: 'POST', token: session.token, body: '{"mutations": [' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe('bad_request');
  });

  it('counts a push that declares no length as it arrives: a small one is applied, one past the limit is 413', async () => {
    const session = await server.login('dxg-agent');
    const tablet = new FakeTablet(session, server.now);
    const streamed = (text: string) =>
      server.api('/api/sync/push', {
        method: 'POST',
        token: session.token,
        body: new Blob([text]).stream(),
        duplex: 'half',
      } as RequestInit & { duplex: 'half' });
    const small = await streamed(JSON.stringify({ mutations: [tablet.mutation('applicant.register', tablet.applicant())] }));
    expect(small.status).toBe(200);
    const big = await streamed(' '.repeat(JSON_BODY_LIMIT + 1));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { reason: string } }).error.reason).toBe('payload_too_large');
    expect(await count('applicants')).toBe(1);
  });

  it('applies a gzipped push, and refuses a broken or oversized gzip body or another encoding, writing nothing', async () => {
    const session = await server.login('dxg-agent');
    const tablet = new FakeTablet(session, server.now);
    const send = (body: Uint8Array<ArrayBuffer> | string, encoding: string) =>
      server.api('/api/sync/push', { method: 'POST', token: session.token, body, headers: { 'content-encoding': encoding } });
    const mutations = [tablet.mutation('applicant.register', tablet.applicant())];
    const packed = new Uint8Array(gzipSync(JSON.stringify({ mutations })));
    const events = await count('events');

    const bomb = await send(new Uint8Array(gzipSync(Buffer.alloc(5 * 1024 * 1024, 32))), 'gzip');
    expect(bomb.status).toBe(413);
    const broken = await send(packed.slice(0, packed.length - 8), 'gzip');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(/gzip/);
    expect((await send(JSON.stringify({ mutations }), 'br')).status).toBe(415);
    expect(await count('events')).toBe(events);
    expect(await count('applicants')).toBe(0);

    const res = await send(packed, 'gzip');
    expect(res.status).toBe(200);
    expect(((await res.json()) as PushResponse).results.map((r) => r.outcome)).toEqual(['applied']);
    expect(await count('applicants')).toBe(1);
  });

  it('refuses an unknown or missing token with 401', async () => {
    const missing = await server.api('/api/sync/pull');
    const unknown = await server.api('/api/sync/pull', { token: 'x'.repeat(43) });
    expect(missing.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/令牌/);
  });

  it('refuses a client without or with a too-old protocol version', async () => {
    const noHeader = await fetch(`${server.url}/api/sync/pull`);
    expect(noHeader.status).toBe(400);
    const old = await server.api('/api/sync/pull', { headers: { 'x-daiban-protocol': '0' } });
    expect(old.status).toBe(426);
    expect(((await old.json()) as { error: { reason: string } }).error.reason).toBe('protocol_too_old');
  });

  it('refuses pushes from a supervisor device with 403', async () => {
    const supervisor = await server.login('supervisor');
    const res = await server.api('/api/sync/push', {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify({ mutations: [] }),
    });
    expect(res.status).toBe(403);
  });
});

describe('JSON bodies nested too deep', () => {
  /** A push body of `size` bytes that is all nesting: `{"mutations":[[[[…]]]]}`. */
  const deepPush = (size: number) => {
    const depth = Math.floor((size - '{"mutations":}'.length) / 2);
    return `{"mutations":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  };
  const errorOf = async (res: Response) => ((await res.json()) as { error: { reason: string; message: string } }).error;

  it('are refused with 400 and a message before they are parsed, on push and on every other JSON route, writing nothing', async () => {
    const agent = await server.login('dxg-agent');
    const supervisor = await server.login('supervisor');
    const before = await dbChecksum(server.db);
    const deep = await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: deepPush(1024 * 1024) });
    expect(deep.status).toBe(400);
    expect(await errorOf(deep)).toMatchObject({ reason: 'validation_failed', message: expect.stringMatching(/deeper than 64/) });
    const zipped = await server.api('/api/sync/push', {
      method: 'POST',
      token: agent.token,
      body: new Uint8Array(gzipSync(deepPush(JSON_BODY_LIMIT))),
      headers: { 'content-encoding': 'gzip' },
    });
    expect((await errorOf(zipped)).message).toMatch(/嵌套超过 64 层/);
    const calendar = await server.api('/api/calendar/entries', {
      method: 'POST',
      token: supervisor.token,
      body: `{"date":"x","note":${'['.repeat(100_000)}`,
    });
    expect(calendar.status).toBe(400);
    expect((await errorOf(calendar)).message).toMatch(/deeper than 64/);
    const login = await server.api('/api/auth/login', { method: 'POST', body: deepPush(AUTH_BODY_LIMIT) });
    expect(login.status).toBe(400);
    expect((await errorOf(login)).message).toMatch(/deeper than 64/);
    expect(await dbChecksum(server.db)).toBe(before);

    // Brackets inside strings are text, not nesting.
    const tablet = new FakeTablet(agent, server.now);
    const applicant = tablet.applicant();
    const opened = { ...tablet.openedCase(applicant, (await pull(agent.token)).serviceItems[0]!), notes: '[{'.repeat(100) };
    const shallow = await push(agent.token, [
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
    ]);
    expect(shallow.body.results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });

  it('flooding the server (eight of the largest at once, again and again) leaves another village’s push answered', async () => {
    const flooder = await server.login('dxg-agent');
    const other = await server.login('dnh-agent');
    const tablet = new FakeTablet(other, server.now);
    // Gzipped, as a tablet may send a push: a few kilobytes on the wire, the largest body once unpacked.
    const unpacked = deepPush(JSON_BODY_LIMIT);
    expect(unpacked.length).toBeLessThanOrEqual(JSON_BODY_LIMIT);
    const body = new Uint8Array(gzipSync(unpacked));
    let flooding = true;
    const answers: number[] = [];
    const flood = Array.from({ length: 8 }, async () => {
      while (flooding) {
        const res = await server.api('/api/sync/push', {
          method: 'POST',
          token: flooder.token,
          body,
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        });
        await res.arrayBuffer();
        answers.push(res.status);
      }
    });
    // The flood is under way once its first answer is back.
    while (answers.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const started = performance.now();
    const { status, body: pushed } = await push(other.token, [tablet.mutation('applicant.register', tablet.applicant())]);
    const took = performance.now() - started;
    const duringFlood = flooding && answers.length;
    flooding = false;
    await Promise.all(flood);

    expect(status).toBe(200);
    expect(pushed.results.map((r) => r.outcome)).toEqual(['applied']);
    expect(duringFlood).toBeGreaterThan(0);
    expect(took).toBeLessThan(5_000);
    expect(new Set(answers)).toEqual(new Set([400]));
  });
});

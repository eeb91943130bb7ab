import { errorBodySchema, type Session } from '@daiban/schemas';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { FileBlobStore } from './sync/blob-store.ts';
import { dbChecksum } from './testing/db-checksum.ts';
import { submittedCase } from './testing/scenes.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

let server: TestServer;
let sessions: Record<'agent' | 'otherAgent' | 'supervisor' | 'admin', Session>;
let scene: Awaited<ReturnType<typeof submittedCase>>;

/** Every route a handler answers (middleware-only entries are registered as ALL). */
let routes: { method: string; path: string }[];

beforeAll(async () => {
  server = await startTestServer();
  scene = await submittedCase(server);
  sessions = {
    agent: scene.agent,
    otherAgent: await server.login('qshs-agent'),
    supervisor: await server.login('supervisor'),
    admin: await server.login('admin'),
  };
  const app = createApp({ db: server.db, blobs: new FileBlobStore('/nonexistent'), version: 'fuzz' });
  const seen = new Set<string>();
  routes = app.routes
    .filter((r) => r.method !== 'ALL')
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}, 60_000);
afterAll(() => server.close());

/** Values that exercise parsers: near-valid ids and hashes, the scene's real ids, junk, and very long text. */
const paramValue = () =>
  fc.oneof(
    fc.constant(scene.caseId),
    fc.constant(scene.applicant.id),
    fc.uuid(),
    fc.stringMatching(/^[0-9a-f]{64}$/),
    fc.string({ maxLength: 80 }),
    fc.constantFrom('..', '%00', '%2e%2e%2f', "' OR 1=1 --", '<script>', '9'.repeat(400)),
  );

/** A JSON body: random JSON, or a realistic body for the route with one field replaced or removed. */
const realistic = (): unknown[] => [
  { mutations: [scene.tablet.receive(scene.caseId)] },
  { reason: '缺少材料', materialKeys: [scene.opened.materials[0]!.key] },
  { result: '已办结' },
  { resolution: '已回访' },
  { username: 'dxg-agent', password: 'daiban-agent', deviceName: 'fuzz' },
  {},
];
const corrupt = (value: unknown): fc.Arbitrary<unknown> => {
  if (!value || typeof value !== 'object') return fc.anything();
  const keys = Object.keys(value);
  if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.anything());
  return fc.tuple(fc.constantFrom(...keys), fc.boolean(), fc.anything()).map(([key, drop, replacement]) => {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    if (drop) delete copy[key];
    else copy[key] = replacement;
    return copy;
  });
};
const body = () =>
  fc.oneof(
    fc.json(),
    fc.string({ maxLength: 200 }),
    fc
      .constantFrom(...realistic())
      .chain(corrupt)
      .map((v) => JSON.stringify(v) ?? 'null'),
    fc.constantFrom('{', '{"mutations":', '[]', 'null', '\u0000', '{"a":'.repeat(200)),
  );

const request = () =>
  fc.record({
    route: fc.integer({ min: 0, max: 10_000 }),
    who: fc.constantFrom('none', 'garbage', 'agent', 'otherAgent', 'supervisor', 'admin'),
    params: fc.array(paramValue(), { minLength: 3, maxLength: 3 }),
    query: fc.dictionary(
      fc.constantFrom('status', 'cursor', 'limit', 'offset', 'total', 'month', 'x'),
      fc.string({ maxLength: 30 }),
      {
        maxKeys: 3,
      },
    ),
    body: body(),
    contentType: fc.constantFrom('application/json', 'text/plain', 'image/jpeg', 'application/x-www-form-urlencoded', ''),
  });

describe('random and malformed requests to every endpoint', () => {
  it('are answered with a readable 4xx (never a 5xx, never a hang), and a refused request writes nothing', async () => {
    expect(routes.length).toBeGreaterThan(15);
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(request(), async (r) => {
        const route = routes[r.route % routes.length]!;
        let i = 0;
        const path = route.path.replace(/:[A-Za-z0-9_]+/g, () => encodeURIComponent(r.params[i++] ?? ''));
        const query = new URLSearchParams(r.query).toString();
        const token =
          r.who === 'none' ? undefined : r.who === 'garbage' ? 'x'.repeat(43) : sessions[r.who as keyof typeof sessions].token;
        const before = await dbChecksum(server.db);
        const sendsBody = route.method !== 'GET' && route.method !== 'HEAD';
        const res = await server.api(`${path}${query ? `?${query}` : ''}`, {
          method: route.method,
          ...(token ? { token } : {}),
          ...(sendsBody ? { body: r.body } : {}),
          headers: r.contentType ? { 'content-type': r.contentType } : {},
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        expect(res.status, `${route.method} ${route.path} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) {
          refused += 1;
          const parsed = errorBodySchema.safeParse(JSON.parse(text));
          expect(parsed.success, text).toBe(true);
          expect(parsed.data?.error.message.length).toBeGreaterThan(3);
          expect(await dbChecksum(server.db), `${route.method} ${route.path} wrote although refused`).toBe(before);
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
    // The generators are meant to be refused nearly always; a run that mostly succeeds tests nothing.
    expect(refused).toBeGreaterThan(300);
  }, 180_000);
});

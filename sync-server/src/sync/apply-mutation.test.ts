import type { PushResponse } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet, residentIdNumber } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// 20 November 2026, 10:00 in China.
const now = new Date('2026-11-20T02:00:00Z');
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

describe('applicant.register on the server', () => {
  it('refuses an ID number whose birth date is after the server’s today in China, and takes one born today', async () => {
    const session = await server.login('dxg-agent');
    const tablet = new FakeTablet(session, server.now);
    const born = (yyyymmdd: string) => tablet.applicant({ idNumber: residentIdNumber(`430981${yyyymmdd}001`) });
    const res = await server.api('/api/sync/push', {
      method: 'POST',
      token: session.token,
      body: JSON.stringify({
        mutations: [
          tablet.mutation('applicant.register', born('20991231')),
          tablet.mutation('applicant.register', born('20261121')),
          tablet.mutation('applicant.register', born('20261120')),
        ],
      }),
    });
    const { results } = (await res.json()) as PushResponse;
    expect(results.map((r) => r.reason ?? r.outcome)).toEqual(['validation_failed', 'validation_failed', 'applied']);
  });
});

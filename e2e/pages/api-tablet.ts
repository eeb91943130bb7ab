import { createHash } from 'node:crypto';
import {
  type Attachment,
  type Mutation,
  type OpenedCase,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type PullResponse,
  type ServiceItem,
  type Session,
} from '@daiban/schemas';
import { type APIRequestContext, expect } from '@playwright/test';
import { FakeTablet } from '../../sync-server/src/testing/fixtures.ts';

export const protocolHeaders = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

/** A tablet that talks to the server directly, to set a scene quickly before the browser acts. */
export async function apiTablet(request: APIRequestContext, username: string, password = 'daiban-agent') {
  const res = await request.post('/api/auth/login', {
    headers: protocolHeaders,
    data: { username, password, deviceName: 'scene' },
  });
  expect(res.status()).toBe(201);
  const session = (await res.json()) as Session;
  const headers = { ...protocolHeaders, authorization: `Bearer ${session.token}` };
  const tablet = new FakeTablet(session, () => new Date());
  const pull = async () => (await (await request.get('/api/sync/pull?limit=1000', { headers })).json()) as PullResponse;
  const push = async (mutations: unknown[]) =>
    expect((await request.post('/api/sync/push', { headers, data: { mutations } })).status()).toBe(200);

  /**
   * A case for a new applicant, received in the village and so submitted to the township; with
   * `scans` (uploaded first), its first material is collected with them.
   */
  async function submittedCase(
    applicantName: string,
    pick: (items: ServiceItem[]) => ServiceItem = (items) => items[0]!,
    scans: Attachment[] = [],
  ) {
    const item = pick((await pull()).serviceItems);
    const applicant = tablet.applicant({ name: applicantName });
    const opened = tablet.openedCase(applicant, item);
    if (scans.length > 0) opened.materials[0] = { ...opened.materials[0]!, status: 'collected', attachments: scans };
    await push([
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
      tablet.receive(opened.id),
    ]);
    return { item, applicant, opened };
  }

  /** `count` cases of the first item for new applicants, all submitted in one push (a busy village's queue). */
  async function submittedCases(count: number, applicantName: string) {
    const item = (await pull()).serviceItems[0]!;
    const opened: OpenedCase[] = [];
    const mutations: Mutation[] = [];
    for (let i = 0; i < count; i++) {
      // Each case is made after the mutations before it: its number follows the device's sequence.
      const applicant = tablet.applicant({ name: applicantName });
      mutations.push(tablet.mutation('applicant.register', applicant));
      const theCase = tablet.openedCase(applicant, item);
      mutations.push(tablet.mutation('case.open', theCase), tablet.receive(theCase.id));
      opened.push(theCase);
    }
    await push(mutations);
    return opened;
  }

  /** Uploads an image in one chunk, as the tablet's upload lane does, and returns its attachment. */
  async function uploadImage(png: Buffer) {
    const sha256 = createHash('sha256').update(png).digest('hex');
    const res = await request.put(`/api/blobs/${sha256}/chunks?offset=0&total=${png.length}`, {
      headers: { ...headers, 'content-type': 'image/png' },
      data: png,
    });
    expect(res.status()).toBe(200);
    return { sha256, size: png.length, mime: 'image/png' as const, addedAt: new Date().toISOString() };
  }

  return { session, tablet, pull, push, submittedCase, submittedCases, uploadImage };
}

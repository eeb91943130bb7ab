import { createHash } from 'node:crypto';
import {
  type Attachment,
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

  return { session, tablet, pull, push, submittedCase, uploadImage };
}

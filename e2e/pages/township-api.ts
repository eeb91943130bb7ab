import type { Session } from '@daiban/schemas';
import { type APIRequestContext, expect } from '@playwright/test';
import { protocolHeaders } from './api-tablet.ts';

/** The supervisor's decisions over the API, to set a scene quickly before the browser acts. */
export async function townshipApi(request: APIRequestContext, username = 'supervisor', password = 'daiban-review') {
  const res = await request.post('/api/auth/login', {
    headers: protocolHeaders,
    data: { username, password, deviceName: 'scene' },
  });
  expect(res.status()).toBe(201);
  const headers = { ...protocolHeaders, authorization: `Bearer ${((await res.json()) as Session).token}` };
  const decide = async (caseId: string, action: string, data: object) =>
    expect((await request.post(`/api/cases/${caseId}/${action}`, { headers, data })).status()).toBe(200);
  return {
    // The scenes' cases carry no photos: 受理 confirms the missing materials (容缺受理).
    accept: (caseId: string) => decide(caseId, 'accept', { missingAcknowledged: true }),
    complete: (caseId: string, result: string) => decide(caseId, 'complete', { result }),
    returnForCorrection: (caseId: string, reason: string) => decide(caseId, 'return', { reason, materialKeys: [] }),
    reject: (caseId: string, reason: string) => decide(caseId, 'reject', { reason }),
  };
}

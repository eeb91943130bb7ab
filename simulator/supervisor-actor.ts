import { type CaseDetail, type CaseSummary, PROTOCOL_HEADER, PROTOCOL_VERSION, type Session } from '@daiban/schemas';
import { DEMO_PASSWORDS } from '../sync-server/src/seed/seed-demo.ts';
import { pick } from './random.ts';

/** The township at work during the simulation: accepts most submitted cases, returns some for correction. */
export async function runSupervisor(baseUrl: string, random: () => number, isDone: () => boolean) {
  const api = (path: string, token?: string, body?: string) =>
    fetch(`${baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body,
    });
  const login = { username: 'supervisor', password: DEMO_PASSWORDS.supervisor, deviceName: 'simulated supervisor' };
  const signedIn = await api('/api/auth/login', undefined, JSON.stringify(login));
  if (signedIn.status !== 201) throw new Error(`supervisor login failed: ${signedIn.status} ${await signedIn.text()}`);
  const { token } = (await signedIn.json()) as Session;
  let accepted = 0;
  let returned = 0;
  while (!isDone()) {
    const { cases } = (await (await api('/api/cases?status=submitted', token)).json()) as { cases: CaseSummary[] };
    for (const c of cases.slice(0, 5)) {
      if (random() < 0.7) {
        const res = await api(`/api/cases/${c.id}/accept`, token, '{"missingAcknowledged":true}');
        if (res.ok) accepted += 1;
      } else {
        const detail = (await (await api(`/api/cases/${c.id}`, token)).json()) as CaseDetail;
        const key = pick(random, detail.case.materials).key;
        const body = JSON.stringify({ reason: '材料不清晰，请补正', materialKeys: [key] });
        const res = await api(`/api/cases/${c.id}/return`, token, body);
        if (res.ok) returned += 1;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return { accepted, returned };
}

import type { CaseDetail, CaseSummary } from '@daiban/schemas';
import type { TestServer } from '../sync-server/src/testing/test-server.ts';
import { pick } from './random.ts';

/** The township at work during the simulation: accepts most submitted cases, returns some for correction. */
export async function runSupervisor(server: TestServer, random: () => number, isDone: () => boolean) {
  const { token } = await server.login('supervisor');
  let accepted = 0;
  let returned = 0;
  while (!isDone()) {
    const { cases } = (await (await server.api('/api/cases?status=submitted', { token })).json()) as { cases: CaseSummary[] };
    for (const c of cases.slice(0, 5)) {
      if (random() < 0.7) {
        const res = await server.api(`/api/cases/${c.id}/accept`, {
          method: 'POST',
          token,
          body: '{"missingAcknowledged":true}',
        });
        if (res.ok) accepted += 1;
      } else {
        const detail = (await (await server.api(`/api/cases/${c.id}`, { token })).json()) as CaseDetail;
        const key = pick(random, detail.case.materials).key;
        const body = JSON.stringify({ reason: '材料不清晰，请补正', materialKeys: [key] });
        const res = await server.api(`/api/cases/${c.id}/return`, { method: 'POST', token, body });
        if (res.ok) returned += 1;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return { accepted, returned };
}

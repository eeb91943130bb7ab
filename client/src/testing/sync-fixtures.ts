// Steps and records the sync tests share: a tablet's intake, a link that loses one answer, an empty page.
import { type PullResponse, residentIdCheckChar } from '@daiban/schemas';
import { type ApiClient, NetworkError } from '../sync/api-client.ts';
import type { TestTablet } from './test-tablet.ts';

/** A pull answer with no records, at `cursor`. */
export const emptyPage = (cursor: number): PullResponse => ({
  cursor,
  hasMore: false,
  serviceItems: [],
  villages: [],
  applicants: [],
  cases: [],
  visits: [],
  handovers: [],
  agents: [],
  duty: [],
});

export const idNumber = (first17: string) => first17 + residentIdCheckChar(first17);

/** Registers an applicant, opens a case for the first catalog item, attaches a photo, receives it. */
export async function intake(tablet: TestTablet, first17 = '43098119480305002') {
  const applicantId = await tablet.commands.registerApplicant({ name: '周桂香', idNumber: idNumber(first17), flags: [] });
  const [item] = await tablet.db.serviceItems.toArray();
  const caseId = await tablet.commands.openCase({ applicantId, serviceItemCode: item!.code, channel: 'walk_in' });
  await tablet.commands.attachFile(
    caseId,
    item!.materials[0]!.key,
    new Blob([new Uint8Array(50_000).fill(7)], { type: 'image/jpeg' }),
  );
  await tablet.commands.receiveCase(caseId, '材料后补');
  return caseId;
}

/** An API whose chosen call reaches the server but whose answer is lost on the way back, once. */
export function dropAnswerOnce(method: 'push' | 'pull' | 'putChunk' | 'putBlobs', onCall = 1) {
  let calls = 0;
  let dropped = false;
  return (api: ApiClient): ApiClient => ({
    ...api,
    [method]: async (...args: unknown[]) => {
      const result = await (api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      if (!dropped && ++calls === onCall) {
        dropped = true;
        throw new NetworkError('connection dropped');
      }
      return result;
    },
  });
}

// Daiban's side of the comparison and link benchmarks, wherever its tablets run: in Node over
// fake-indexeddb (daiban-tablet.ts) or in Chromium's page (comparison-page.ts). The real client
// commands record the intakes, and the real sync engine sends them.
import { makeCommands } from '../client/src/data/commands.ts';
import type { DaibanDb } from '../client/src/data/db.ts';
import { type ApiClient, NetworkError } from '../client/src/sync/api-client.ts';
import { uploadBlobs } from '../client/src/sync/photo-upload.ts';
import { checkServer, pushOutbox } from '../client/src/sync/sync-engine.ts';
import { idNumberFor } from './workload.ts';

/** A case number holds four digits of the day's sequence, so one tablet opens at most 9,999 cases a day. */
const CASES_PER_TABLET = 5_000;

export interface Tablet {
  db: DaibanDb;
  /** The tablet's API client through the shaped link. */
  api: ApiClient;
}

/**
 * Records `cases` intakes with the real commands (register the villager, open the case, photograph
 * the first material of every n-th case, receive it), spread over as many tablets as case numbers need.
 */
export async function recordIntakes(township: { tablet(): Promise<Tablet> }, cases: number, photos: Blob[]): Promise<Tablet[]> {
  const every = photos.length > 0 ? Math.floor(cases / photos.length) : Number.POSITIVE_INFINITY;
  const result: Tablet[] = [];
  for (let first = 0; first < cases; first += CASES_PER_TABLET) {
    const tablet = await township.tablet();
    const commands = makeCommands(tablet.db);
    const items = await tablet.db.serviceItems.toArray();
    for (let n = first; n < Math.min(cases, first + CASES_PER_TABLET); n++) {
      const item = items[n % items.length]!;
      const applicantId = await commands.registerApplicant({ name: `村民${n}`, idNumber: idNumberFor(n), flags: [] });
      const caseId = await commands.openCase({
        applicantId,
        serviceItemCode: item.code,
        channel: 'walk_in',
        notes: `测试办件 ${n}`,
      });
      const photo = n % every === 0 ? photos[n / every] : undefined;
      if (photo) await commands.attachFile(caseId, item.materials[0]!.key, photo);
      await commands.receiveCase(caseId, '材料后补');
    }
    result.push(tablet);
  }
  return result;
}

/**
 * What the township ends up holding, as JSON records (the case and applicant views) and photos:
 * the payload either sync system has to move.
 */
export async function payloadOf(tablets: Tablet[]) {
  const cases = (await Promise.all(tablets.map((t) => t.db.cases.toArray()))).flat();
  const applicants = (await Promise.all(tablets.map((t) => t.db.applicants.toArray()))).flat();
  return { cases, applicants };
}

/**
 * Sends everything to the township the way the sync engine does, and returns when the server has
 * acknowledged every change and verified every photo.
 */
export function pushEverything(tablet: Tablet): Promise<void> {
  return retryCutConnections(async () => {
    await checkServer(tablet.db, tablet.api);
    // As the sync loop does: photos start beside the records, one at a time until the records are through.
    const records = pushOutbox(tablet.db, tablet.api);
    const settled = await Promise.allSettled([records, uploadBlobs(tablet.db, tablet.api, undefined, records)]);
    for (const step of settled) if (step.status === 'rejected') throw step.reason;
  });
}

/**
 * Runs a sync step again at once when the link cut its connection; the sync loop would first
 * wait its backoff, but the benchmark measures the link, not the backoff.
 */
export async function retryCutConnections(step: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof NetworkError) || attempt > 50) throw error;
    }
  }
}

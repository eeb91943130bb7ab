import { createHash } from 'node:crypto';
import type { Applicant, Case } from '@daiban/schemas';
import type { DaibanDb } from '../client/src/data/db.ts';
import { getMeta } from '../client/src/data/meta.ts';
import { applicantsChangedSince, casesChangedSince, type Db, verifyLedger } from '../sync-server/src/db/index.ts';
import type { BlobStore } from '../sync-server/src/sync/blob-store.ts';

export interface Verdict {
  mutations: number;
  applied: number;
  refused: number;
  lost: number;
  /** Refusals a device holds for mutations the ledger applied: a repeated push answered differently. */
  misanswered: number;
  duplicated: number;
  diverged: number;
  blobsVerified: number;
  blobsTotal: number;
  seqHoles: number;
  chainBroken: number;
}

/**
 * What must hold after every device has synced over a clean link: each mutation a device made
 * has exactly one answer, the same every time it was asked, and at most one event; every device sees exactly what the ledger has
 * for its village; every blob hashes to its name; the event sequence has no holes and its hash
 * chain is intact.
 */
export async function verify(server: { db: Db; blobs: BlobStore }, devices: { db: DaibanDb }[]): Promise<Verdict> {
  const db = server.db;
  let mutations = 0;
  let lost = 0;
  let diverged = 0;
  let misanswered = 0;
  const count = async (sql: string, ...params: string[]) => (await db.get<{ n: number }>(sql, ...params))?.n ?? 0;
  for (const device of devices) {
    for (const refusal of await device.db.refusals.toArray()) {
      const answer = await db.get<{ outcome: string }>(
        'SELECT outcome FROM mutation_results WHERE mutation_id = ?',
        refusal.mutationId,
      );
      if (answer?.outcome !== 'refused') misanswered += 1;
    }
    const session = await getMeta(device.db, 'session');
    const made = (await getMeta(device.db, 'deviceSeq')) ?? 0;
    mutations += made;
    const answered = await count('SELECT COUNT(*) AS n FROM mutation_results WHERE device_id = ?', session?.device.id ?? '');
    lost += made - answered + (await device.db.outbox.count());
    if (!(await sameAsLedger(db, device.db, session?.village?.id ?? ''))) diverged += 1;
  }
  const applied = await count("SELECT COUNT(*) AS n FROM mutation_results WHERE outcome = 'applied'");
  const events = await count('SELECT COUNT(*) AS n FROM events WHERE mutation_id IS NOT NULL');
  const distinct = await count('SELECT COUNT(DISTINCT mutation_id) AS n FROM events WHERE mutation_id IS NOT NULL');
  return {
    mutations,
    applied,
    refused: await count("SELECT COUNT(*) AS n FROM mutation_results WHERE outcome = 'refused'"),
    lost,
    misanswered,
    duplicated: events - distinct + Math.abs(events - applied),
    diverged,
    ...(await verifyBlobs(db, server.blobs)),
    seqHoles: await count('SELECT COALESCE(MAX(seq), 0) - COUNT(*) AS n FROM events'),
    chainBroken: (await verifyLedger(db)).ok ? 0 : 1,
  };
}

async function sameAsLedger(db: Db, device: DaibanDb, villageId: string): Promise<boolean> {
  const ledgerCases = (await casesChangedSince(db, [villageId], 0, Number.MAX_SAFE_INTEGER)).map(
    (r) => JSON.parse(r.json) as Case,
  );
  const ledgerApplicants = (await applicantsChangedSince(db, [villageId], 0, Number.MAX_SAFE_INTEGER)).map(
    (r) => JSON.parse(r.json) as Applicant,
  );
  const localCases = await device.cases.toArray();
  const localApplicants = await device.applicants.toArray();
  return sameRecords<Case>(ledgerCases, localCases) && sameRecords<Applicant>(ledgerApplicants, localApplicants);
}

function sameRecords<T extends { id: string }>(a: T[], b: T[]): boolean {
  const canon = (list: T[]) => list.map(canonical).sort().join('\n');
  return a.length === b.length && canon(a) === canon(b);
}

/** JSON with sorted keys, so equal records compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

async function verifyBlobs(db: Db, blobs: BlobStore) {
  const referenced = (await db.all<{ sha256: string }>('SELECT DISTINCT sha256 FROM case_blobs')).map((r) => r.sha256);
  const stored = (await db.all<{ sha256: string }>('SELECT sha256 FROM blobs')).map((r) => r.sha256);
  const all = new Set([...referenced, ...stored]);
  let verified = 0;
  for (const sha256 of all) {
    if (!(await blobs.has(sha256))) continue;
    const hash = createHash('sha256');
    for await (const chunk of blobs.open(sha256)) hash.update(chunk);
    if (hash.digest('hex') === sha256) verified += 1;
  }
  return { blobsVerified: verified, blobsTotal: all.size };
}

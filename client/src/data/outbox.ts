import { formatHlc, HLC_ZERO, type Mutation, mutationSchema, newId, tickHlc } from '@daiban/schemas';
import type { DaibanDb } from './db.ts';
import { getMeta, setMeta } from './meta.ts';

/** Mutations that bring a record into being: there is no server version to keep. */
const CREATES = new Set<Mutation['type']>(['applicant.register', 'case.open', 'visit.plan', 'handover.create']);

/**
 * A pulled record without local changes is stored once, as its view (see storePage). Before its
 * first local change the view, which is then the server's version, is copied to the server
 * table: pending changes are replayed on that copy when a pull or a refusal rebuilds the view.
 * Callers enqueue before they write the changed view, so the copy is the version before it.
 */
async function keepServerVersion(db: DaibanDb, type: Mutation['type'], id: string): Promise<void> {
  if (type.startsWith('case.')) {
    const view = await db.cases.get(id);
    if (view) await db.serverCases.put(view);
  } else if (type.startsWith('visit.')) {
    const view = await db.visits.get(id);
    if (view) await db.serverVisits.put(view);
  } else {
    // Applicants and handovers have no change after their creation yet; a new one must be added here.
    throw new Error(`no server version is kept for ${type}`);
  }
}

export type Payload<T extends Mutation['type']> = Extract<Mutation, { type: T }>['payload'];

/** Now, by the server's clock as this device last learned it (see MetaValues.clockOffsetMs). */
export async function serverNow(db: DaibanDb): Promise<number> {
  return db.wallClock() + ((await getMeta(db, 'clockOffsetMs')) ?? 0);
}

/**
 * Appends a mutation to the outbox. Must run inside the Dexie transaction that writes the
 * record it describes (tables meta, outbox and the record's view and server tables included),
 * so both commit or neither does. Allocates the next device sequence number and
 * hybrid-logical-clock timestamp.
 */
export async function enqueue<T extends Mutation['type']>(
  db: DaibanDb,
  type: T,
  entityId: string,
  payload: Payload<T>,
): Promise<Extract<Mutation, { type: T }>> {
  const session = await getMeta(db, 'session');
  if (!session) throw new Error('no session: sign in first');
  const seq = ((await getMeta(db, 'deviceSeq')) ?? 0) + 1;
  const hlc = tickHlc((await getMeta(db, 'hlc')) ?? HLC_ZERO, await serverNow(db));
  const mutation = mutationSchema.parse({
    id: newId(),
    deviceSeq: seq,
    hlc: formatHlc(hlc, session.device.id),
    type,
    payload,
  }) as Extract<Mutation, { type: T }>;
  await setMeta(db, 'deviceSeq', seq);
  await setMeta(db, 'hlc', hlc);
  if (!CREATES.has(type) && (await db.outbox.where('entityId').equals(entityId).count()) === 0) {
    await keepServerVersion(db, type, entityId);
  }
  await db.outbox.add({ seq, entityId, mutation });
  return mutation;
}

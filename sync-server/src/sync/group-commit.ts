import type { Db } from '../db/index.ts';

type Pending = { work: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

const queues = new WeakMap<Db, Pending[]>();

/**
 * Runs `work` in a transaction shared with the other writes queued in the same turn of the event
 * loop (group commit): many devices pushing at once pay for one commit instead of one each. Each
 * work runs in its own savepoint, so one that throws rolls back alone and rejects alone. The promise
 * settles only after the shared commit, so an acknowledged write is on the ledger.
 */
export function inGroupCommit<T>(db: Db, work: () => Promise<T>): Promise<T> {
  let queue = queues.get(db);
  if (!queue) {
    const fresh: Pending[] = [];
    queues.set(db, fresh);
    setImmediate(() => void commitGroup(db, fresh));
    queue = fresh;
  }
  const pending = queue;
  return new Promise<T>((resolve, reject) => {
    pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
  });
}

async function commitGroup(db: Db, queue: Pending[]): Promise<void> {
  queues.delete(db);
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    await db.transaction(async () => {
      for (const { work } of queue) {
        try {
          outcomes.push({ ok: true, value: await db.transaction(work) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  } catch (error) {
    // The commit itself failed: nothing of the group is on the ledger, so none is acknowledged.
    for (const { reject } of queue) reject(error);
    return;
  }
  queue.forEach(({ resolve, reject }, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) resolve(outcome.value);
    else reject(outcome.error);
  });
}

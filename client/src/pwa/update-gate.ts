import type { SyncStatus } from '../sync/sync-loop.ts';

/** What keeps a waiting version from replacing the running one: the reload would cut it off. */
export type UpdateBlocker = 'form' | 'sync';

export function updateBlockers(openForms: number, sync: Pick<SyncStatus, 'phase' | 'upload'>): UpdateBlocker[] {
  const blockers: UpdateBlocker[] = [];
  if (openForms > 0) blockers.push('form');
  if (sync.phase === 'syncing' || sync.upload !== undefined) blockers.push('sync');
  return blockers;
}

export interface UpdateState {
  /** A new version is installed and waits to take over. */
  waiting: boolean;
  /** The agent asked for it: it is applied as soon as nothing blocks it. */
  requested: boolean;
  blockers: UpdateBlocker[];
  /** Another window applied a new version: this one still runs the old code. */
  replacedElsewhere: boolean;
}

/**
 * Decides when a waiting app version may be applied: only once the agent asked for it, no form is
 * open and no sync (records or photos) is in flight. `apply` activates the waiting version.
 */
export function createUpdateGate(apply: () => void) {
  let state: UpdateState = { waiting: false, requested: false, blockers: [], replacedElsewhere: false };
  let openForms = 0;
  let sync: Pick<SyncStatus, 'phase' | 'upload'> = { phase: 'idle' };
  let applied = false;
  const listeners = new Set<() => void>();

  const update = (next: Partial<UpdateState>) => {
    const blockers = updateBlockers(openForms, sync);
    const merged = { ...state, ...next, blockers };
    const changed = (Object.keys(merged) as (keyof UpdateState)[]).some(
      (k) => JSON.stringify(merged[k]) !== JSON.stringify(state[k]),
    );
    if (!changed) return;
    state = merged;
    if (state.waiting && state.requested && blockers.length === 0 && !applied) {
      applied = true;
      apply();
    }
    for (const l of listeners) l();
  };

  return {
    newVersionWaiting: () => update({ waiting: true }),
    /** The agent pressed "update". */
    request: () => update({ requested: true }),
    replacedElsewhere: () => update({ replacedElsewhere: true }),
    /** A form is open until the returned function is called. */
    openForm(): () => void {
      openForms++;
      update({});
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        openForms--;
        update({});
      };
    },
    syncChanged(status: Pick<SyncStatus, 'phase' | 'upload'>) {
      sync = status;
      update({});
    },
    /** Whether this window asked the waiting version to take over (then it reloads into it). */
    applied: () => applied,
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type UpdateGate = ReturnType<typeof createUpdateGate>;

import type { Dexie } from 'dexie';
import { useSyncExternalStore } from 'react';
import { db } from './db.ts';

/**
 * opening → ready, or blocked while another window holds an older version open (the upgrade
 * resumes by itself once it lets go), or replaced when another window upgraded the database
 * under this one (its code is now too old: reload), or failed.
 */
export type DbState = { state: 'opening' | 'ready' | 'blocked' | 'replaced' } | { state: 'failed'; error: Error };

/** Opens the database and follows it, so that the app never waits on "loading" without saying why. */
export function watchDbState(database: Dexie) {
  let current: DbState = { state: 'opening' };
  const listeners = new Set<() => void>();
  const set = (next: DbState) => {
    current = next;
    for (const l of listeners) l();
  };
  database.on('blocked', () => {
    if (current.state === 'opening') set({ state: 'blocked' });
  });
  // Dexie closes by itself on a versionchange and would reopen with this (old) schema on the next
  // query; closing for good and asking for a reload lets the other window's upgrade go through.
  database.on('versionchange', () => {
    database.close();
    set({ state: 'replaced' });
    return false;
  });
  database.open().then(
    () => set({ state: 'ready' }),
    (error: Error) => set(error.name === 'VersionError' ? { state: 'replaced' } : { state: 'failed', error }),
  );
  return {
    get: () => current,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let appDbState: ReturnType<typeof watchDbState> | undefined;

/** The state of the app's own database (opened on first use). */
export function useDbState(): DbState {
  appDbState ??= watchDbState(db);
  return useSyncExternalStore(appDbState.subscribe, appDbState.get);
}

import { useSyncExternalStore } from 'react';

/**
 * Whether the agent's screens may show in this page. Every start of the app begins `locked`;
 * a password checked online (sign-in, forgotten PIN) leads to `choosePin`, and a right PIN or a
 * new PIN to `open`. Kept in memory only: a reload locks again.
 */
export type ScreenLock = 'locked' | 'choosePin' | 'open';

let state: ScreenLock = 'locked';
const listeners = new Set<() => void>();

export function setScreenLock(next: ScreenLock): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useScreenLock(): ScreenLock {
  return useSyncExternalStore(subscribe, () => state);
}

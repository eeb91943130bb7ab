import { useEffect, useSyncExternalStore } from 'react';
import { Workbox } from 'workbox-window';
import type { SyncLoop } from '../sync/sync-loop.ts';
import { createUpdateGate, type UpdateState } from './update-gate.ts';

let workbox: Workbox | undefined;

/** The app's one update gate: the waiting version is activated through workbox-window. */
export const updateGate = createUpdateGate(() => workbox?.messageSkipWaiting());

/**
 * Registers the precaching service worker. A new version waits until the agent applies it and
 * no form is open and no sync is in flight (see update-gate.ts), so a reload never cuts work off.
 */
export function registerServiceWorker(sync: SyncLoop): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  sync.subscribe(() => updateGate.syncChanged(sync.getStatus()));
  const wb = new Workbox('/sw.js');
  workbox = wb;
  wb.addEventListener('waiting', () => updateGate.newVersionWaiting());
  // The first install takes control by itself (clientsClaim): nothing to do. A later change of
  // controller is a new version: this window reloads into it if it asked for it; otherwise another
  // window applied it, and this one's old code is told to reload.
  // The browser's own event: workbox-window's 'controlling' is not sent when it takes the new worker
  // for one it did not register itself (found by an update check), and the reload was then missed.
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (updateGate.applied()) window.location.reload();
    else if (controlled) updateGate.replacedElsewhere();
    controlled = true;
  });
  void wb.register();
}

export function useUpdateState(): UpdateState {
  return useSyncExternalStore(updateGate.subscribe, updateGate.getState);
}

/** Marks a form as open while the component is mounted (and `open` holds): updates wait for it. */
export function useFormOpen(open = true): void {
  useEffect(() => (open ? updateGate.openForm() : undefined), [open]);
}

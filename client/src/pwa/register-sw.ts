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
  // The first install also takes control (clientsClaim); only a new version needs a reload.
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate && updateGate.applied()) window.location.reload();
  });
  // A version applied in another window takes this one over too: its old code is told to reload.
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController && !updateGate.applied()) updateGate.replacedElsewhere();
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

import { useLiveQuery } from 'dexie-react-hooks';
import { db } from './db.ts';
import { getMeta } from './meta.ts';
import { hasTownship } from './session.ts';

/** How many signed ledger heads this tablet has kept (0 before its first pull). */
export function useWitnessCount(): number | undefined {
  return useLiveQuery(async () => ((await getMeta(db, 'ledgerWitnesses')) ?? []).length);
}

/**
 * The ledger heads this tablet saw, signed by the township, as the file the township's
 * `npm run ledger -- verify --witness FILE` reads: it shows whether the ledger was rewritten since.
 */
export async function ledgerWitnessFile(): Promise<{ blob: Blob; name: string }> {
  const session = await getMeta(db, 'session');
  const ledgerWitnesses = (await getMeta(db, 'ledgerWitnesses')) ?? [];
  const device =
    session && hasTownship(session) ? `${session.village?.code ?? session.township.code}-${session.device.code}` : 'device';
  const body = JSON.stringify({ device, exportedAt: new Date().toISOString(), ledgerWitnesses }, null, 1);
  return { blob: new Blob([body], { type: 'application/json' }), name: `daiban-ledger-witnesses-${device}.json` };
}

import { shareSeededLedgers } from './test-server.ts';

/** vitest's global setup: the seeded ledgers (and on PostgreSQL the cluster) every test process copies from. */
export default async function setup(): Promise<void> {
  await shareSeededLedgers();
}

import { describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../sync-server/src/testing/test-server.ts';
import { passed, runSimulation, summaryLine } from './run-simulation.ts';

// Once per `npm test`: in the pass whose ledgers are on PostgreSQL (the other passes would start the
// same two processes on the same engine again, ~25 s each).
describe.skipIf(TEST_ENGINE !== 'postgres')('simulator on PostgreSQL with two app nodes', () => {
  it('loses nothing, applies nothing twice and converges every device when each request may reach either server process', async () => {
    const report = await runSimulation({
      devices: 4,
      cases: 4,
      drop: 0.2,
      dup: 0.3,
      skewMs: 72 * 3_600_000,
      seed: 7,
      maxDelayMs: 30,
      db: 'postgres',
      nodes: 2,
    });
    console.log(summaryLine(report), JSON.stringify(report.link));
    expect(report.link.duplicated).toBeGreaterThan(0);
    const [first = 0, second = 0] = report.link.forwarded;
    expect(Math.min(first, second)).toBeGreaterThan(0.4 * (first + second));
    expect(report.mutations).toBeGreaterThan(50);
    const { lost, misanswered, duplicated, diverged, seqHoles, chainBroken } = report;
    expect({ lost, misanswered, duplicated, diverged, seqHoles, chainBroken }).toEqual({
      lost: 0,
      misanswered: 0,
      duplicated: 0,
      diverged: 0,
      seqHoles: 0,
      chainBroken: 0,
    });
    expect(report.blobsVerified).toBe(report.blobsTotal);
    expect(passed(report)).toBe(true);
  }, 120_000);
});

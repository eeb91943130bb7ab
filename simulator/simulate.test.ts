import { describe, expect, it } from 'vitest';
import { passed, runSimulation, summaryLine } from './run-simulation.ts';

describe('simulator (small run)', () => {
  it('loses nothing, applies nothing twice and converges every device, over a link that drops, duplicates and reorders', async () => {
    const report = await runSimulation({
      devices: 6,
      cases: 6,
      drop: 0.2,
      dup: 0.1,
      skewMs: 72 * 3_600_000,
      seed: 42,
      maxDelayMs: 30,
      db: 'sqlite',
      nodes: 1,
    });
    console.log(summaryLine(report));
    expect(report.link.refused + report.link.cut + report.link.answersLost).toBeGreaterThan(0);
    expect(report.link.duplicated).toBeGreaterThan(0);
    expect(report.mutations).toBeGreaterThan(100);
    const { lost, misanswered, duplicated, diverged, seqHoles } = report;
    expect({ lost, misanswered, duplicated, diverged, seqHoles }).toEqual({
      lost: 0,
      misanswered: 0,
      duplicated: 0,
      diverged: 0,
      seqHoles: 0,
    });
    expect(report.blobsVerified).toBe(report.blobsTotal);
    expect(passed(report)).toBe(true);
  }, 120_000);
});

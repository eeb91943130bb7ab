import { DEMO_PASSWORDS } from '../sync-server/src/seed/seed-demo.ts';
import { type Device, enrolDevice, type Registry, runAgent } from './agent-actor.ts';
import { type Verdict, verify } from './checks.ts';
import { type LinkStats, startFlakyProxy } from './flaky-proxy.ts';
import { seededRandom } from './random.ts';
import { runSupervisor } from './supervisor-actor.ts';
import { type LedgerEngine, startTownship, type Township } from './township.ts';

export interface SimulationOptions {
  devices: number;
  cases: number;
  drop: number;
  dup: number;
  skewMs: number;
  seed: number;
  maxDelayMs: number;
  /** Where the ledger lives; `postgres` runs `nodes` server processes on one database (township.ts). */
  db: LedgerEngine;
  nodes: number;
}

export interface SimulationReport extends Verdict {
  options: SimulationOptions;
  cases: number;
  accepted: number;
  returned: number;
  link: LinkStats;
  seconds: number;
}

/**
 * Runs a real server on a fresh ledger (or several server processes on one PostgreSQL database, the
 * link spreading requests over them) and N simulated tablets behind a flaky link, with a supervisor
 * deciding at the same time; then heals the link, lets every device converge, and checks that
 * nothing was lost, applied twice, or seen differently from the ledger.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const township = await startTownship(options.db, options.nodes);
  try {
    return await simulateOn(township, options, started);
  } finally {
    await township.close();
  }
}

async function simulateOn(township: Township, options: SimulationOptions, started: number): Promise<SimulationReport> {
  const random = seededRandom(options.seed);
  const proxy = await startFlakyProxy(
    township.urls,
    { drop: options.drop, dup: options.dup, maxDelayMs: options.maxDelayMs },
    random,
  );
  try {
    const agents = (
      await township.db.all<{ username: string }>("SELECT username FROM accounts WHERE role = 'agent' ORDER BY username")
    ).map((r) => r.username);
    const devices: Device[] = [];
    for (let i = 0; i < options.devices; i++) {
      const skew = Math.round((random() * 2 - 1) * options.skewMs);
      devices.push(await enrolDevice(i, agents[i % agents.length]!, DEMO_PASSWORDS.agent, proxy.url, skew, options.seed));
    }

    let agentsDone = false;
    const registry: Registry = new Map();
    // The supervisor's browser reaches the last node directly (the only node, unless there are several).
    const supervisor = runSupervisor(township.urls.at(-1)!, seededRandom(options.seed + 1), () => agentsDone);
    await Promise.all(devices.map((d) => runAgent(d, options.cases, seededRandom(options.seed * 1000 + d.index), registry)));
    agentsDone = true;
    const decisions = await supervisor;

    proxy.heal();
    for (let round = 0; round < 3; round++) {
      for (const device of devices) await device.sync();
    }
    const verdict = await verify(township, devices);
    await Promise.all(devices.map((d) => d.db.delete()));
    return {
      ...verdict,
      ...decisions,
      options,
      cases: (await township.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM cases'))?.n ?? 0,
      link: proxy.stats,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await proxy.close();
  }
}

/** The one last line the simulator prints. */
export function summaryLine(r: SimulationReport): string {
  return [
    'simulate:',
    `db=${r.options.db}`,
    `nodes=${r.options.nodes}`,
    `devices=${r.options.devices}`,
    `cases=${r.cases}`,
    `mutations=${r.mutations}`,
    `applied=${r.applied}`,
    `refused=${r.refused}`,
    `lost=${r.lost}`,
    `misanswered=${r.misanswered}`,
    `duplicated=${r.duplicated}`,
    `diverged=${r.diverged}`,
    `blobs_verified=${r.blobsVerified}/${r.blobsTotal}`,
    `seq_holes=${r.seqHoles}`,
    `chain_broken=${r.chainBroken}`,
  ].join(' ');
}

export function passed(r: SimulationReport): boolean {
  return (
    r.lost === 0 &&
    r.misanswered === 0 &&
    r.duplicated === 0 &&
    r.diverged === 0 &&
    r.blobsVerified === r.blobsTotal &&
    r.seqHoles === 0 &&
    r.chainBroken === 0
  );
}

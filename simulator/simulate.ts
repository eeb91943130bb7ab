// `npm run simulate -- --devices 30 --cases 100 --drop 0.2 --dup 0.1 --skew 72h --seed 42`
// `--db postgres --nodes 2`: the ledger on a throwaway PostgreSQL cluster (deleted at exit), served by
// two server processes; the link sends each request to the next node.
import 'fake-indexeddb/auto';
import { parseArgs } from 'node:util';
import { passed, runSimulation, summaryLine } from './run-simulation.ts';
import type { LedgerEngine } from './township.ts';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '30' },
    cases: { type: 'string', default: '100' },
    drop: { type: 'string', default: '0.2' },
    dup: { type: 'string', default: '0.1' },
    skew: { type: 'string', default: '72h' },
    seed: { type: 'string', default: '42' },
    delay: { type: 'string', default: '50' },
    db: { type: 'string', default: 'sqlite' },
    nodes: { type: 'string', default: '1' },
  },
});

/** "72h", "30m", "90s" or plain milliseconds. */
function duration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(h|m|s|ms)?$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text} (use e.g. 72h, 30m, 90s)`);
  const unit = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}

function engine(text: string): LedgerEngine {
  if (text === 'sqlite' || text === 'postgres') return text;
  throw new Error(`--db must be sqlite or postgres, not ${text}`);
}

function number(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be between ${min} and ${max}, not ${text}`);
  return n;
}

const report = await runSimulation({
  devices: number('devices', values.devices, 1, 300),
  cases: number('cases', values.cases, 1, 10_000),
  drop: number('drop', values.drop, 0, 0.9),
  dup: number('dup', values.dup, 0, 1),
  skewMs: duration(values.skew),
  seed: number('seed', values.seed, 0, 2 ** 31),
  maxDelayMs: number('delay', values.delay, 0, 10_000),
  db: engine(values.db),
  nodes: number('nodes', values.nodes, 1, 8),
});
console.log(
  `link: ${report.link.requests} requests, ${report.link.refused} refused, ${report.link.cut} cut mid-body, ` +
    `${report.link.answersLost} answers lost, ${report.link.duplicated} duplicated, ` +
    `forwarded to the nodes ${report.link.forwarded.join(' + ')}; township accepted ${report.accepted}, ` +
    `returned ${report.returned}; ${report.seconds} s`,
);
console.log(summaryLine(report));
process.exit(passed(report) ? 0 : 1);

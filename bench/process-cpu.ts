// CPU time of the benchmarks' processes, from /proc (Linux): less shaken by other load than wall time.
import { readdirSync, readFileSync } from 'node:fs';

/** utime, stime (clock ticks of 10 ms) and the parent of a live process, from its stat(5) line; undefined once it is gone. */
function statOf(pid: number): { ms: number; parent: number } | undefined {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // After the command's closing parenthesis: state, ppid (4th field of stat), …, utime and stime (14th, 15th).
  const fields = line.slice(line.lastIndexOf(') ') + 2).split(' ');
  return { ms: (Number(fields[11]) + Number(fields[12])) * 10, parent: Number(fields[1]) };
}

/** CPU time (user + system) a process has used so far, in milliseconds. */
export function cpuMsOf(pid: number): number {
  return statOf(pid)?.ms ?? 0;
}

/**
 * CPU time of a process and every live process below it (Chromium's renderer, network and GPU
 * processes are children of its browser process), in milliseconds.
 */
export function cpuMsOfTree(root: number): number {
  const stats = new Map<number, { ms: number; parent: number }>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    const stat = Number.isInteger(pid) ? statOf(pid) : undefined;
    if (stat) stats.set(pid, stat);
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid; p > 1; p = stats.get(p)?.parent ?? 0) if (p === root) return true;
    return false;
  };
  let ms = 0;
  for (const [pid, { ms: own }] of stats) if (inTree(pid)) ms += own;
  return ms;
}

/**
 * Starts counting the CPU time of each part (a function reading its milliseconds so far, such as
 * `() => cpuMsOfTree(pid)`); the function it answers gives each part's seconds since, and their total.
 */
export function countCpu<Part extends string>(parts: Record<Part, () => number>): () => Record<Part | 'total', number> {
  const names = Object.keys(parts) as Part[];
  const before = names.map((name) => parts[name]());
  return () => {
    const seconds = names.map((name, i) => (parts[name]() - before[i]!) / 1000);
    return {
      ...(Object.fromEntries(names.map((name, i) => [name, seconds[i]!])) as Record<Part, number>),
      total: seconds.reduce((a, b) => a + b, 0),
    };
  };
}

import { z } from 'zod';

/**
 * Hybrid logical clock. Serialised as `wallMs(15 digits)-counter(5 digits)-node`, so that
 * plain string comparison orders timestamps. A tablet whose wall clock is wrong still
 * produces timestamps after every one it has seen.
 */
export const hlcSchema = z.string().regex(/^\d{15}-\d{5}-[A-Za-z0-9_-]{1,40}$/);

export interface HlcState {
  wallMs: number;
  counter: number;
}

export const HLC_ZERO: HlcState = { wallMs: 0, counter: 0 };

export function formatHlc(state: HlcState, node: string): string {
  return `${String(state.wallMs).padStart(15, '0')}-${String(state.counter).padStart(5, '0')}-${node}`;
}

export function parseHlc(hlc: string): HlcState & { node: string } {
  const [wall = '0', counter = '0', ...node] = hlc.split('-');
  return { wallMs: Number(wall), counter: Number(counter), node: node.join('-') };
}

/** The next timestamp for a local event. */
export function tickHlc(last: HlcState, nowMs: number): HlcState {
  if (nowMs > last.wallMs) return { wallMs: nowMs, counter: 0 };
  return { wallMs: last.wallMs, counter: last.counter + 1 };
}

/** Merge a timestamp seen from elsewhere, so the next local one sorts after it. */
export function receiveHlc(last: HlcState, remote: HlcState, nowMs: number): HlcState {
  const wallMs = Math.max(last.wallMs, remote.wallMs, nowMs);
  if (wallMs === last.wallMs && wallMs === remote.wallMs) {
    return { wallMs, counter: Math.max(last.counter, remote.counter) + 1 };
  }
  if (wallMs === last.wallMs) return { wallMs, counter: last.counter + 1 };
  if (wallMs === remote.wallMs) return { wallMs, counter: remote.counter + 1 };
  return { wallMs, counter: 0 };
}

/** The smallest timestamp after `hlc`, on `node`. */
export function hlcAfter(hlc: string, node: string): string {
  const { wallMs, counter } = parseHlc(hlc);
  return formatHlc(counter < 99_999 ? { wallMs, counter: counter + 1 } : { wallMs: wallMs + 1, counter: 0 }, node);
}

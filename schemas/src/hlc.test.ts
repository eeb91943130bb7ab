import { describe, expect, it } from 'vitest';
import { formatHlc, HLC_ZERO, hlcAfter, hlcSchema, parseHlc, receiveHlc, tickHlc } from './hlc.ts';

describe('hybrid logical clock', () => {
  it('orders timestamps by string comparison', () => {
    const a = formatHlc({ wallMs: 1_700_000_000_000, counter: 9 }, 'dev-a');
    const b = formatHlc({ wallMs: 1_700_000_000_000, counter: 10 }, 'dev-a');
    const c = formatHlc({ wallMs: 1_700_000_000_001, counter: 0 }, 'dev-a');
    expect(a < b && b < c).toBe(true);
    expect(hlcSchema.safeParse(a).success).toBe(true);
    expect(parseHlc(b)).toEqual({ wallMs: 1_700_000_000_000, counter: 10, node: 'dev-a' });
  });

  it('keeps moving forward when the wall clock goes back', () => {
    const first = tickHlc(HLC_ZERO, 5_000);
    const second = tickHlc(first, 1_000);
    expect(second.wallMs).toBe(5_000);
    expect(second.counter).toBe(1);
  });

  it('sorts a local event after a remote one seen from a clock three days ahead', () => {
    const remote = { wallMs: 1_000 + 3 * 86_400_000, counter: 4 };
    const merged = receiveHlc(tickHlc(HLC_ZERO, 1_000), remote, 1_000);
    const next = tickHlc(merged, 1_001);
    expect(formatHlc(next, 'a') > formatHlc(remote, 'a')).toBe(true);
  });

  it('gives the next clock after any clock, on any node, even at the last counter', () => {
    for (const counter of [0, 41, 99_999]) {
      const hlc = formatHlc({ wallMs: 1_700_000_000_000, counter }, 'zzz');
      const next = hlcAfter(hlc, 'a');
      expect(hlcSchema.safeParse(next).success).toBe(true);
      expect(next > hlc).toBe(true);
      expect(parseHlc(next).node).toBe('a');
    }
  });
});

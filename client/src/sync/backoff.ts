/** Delay before retry number `attempt` (0-based): doubling from `baseMs`, capped, with ±20 % jitter. */
export function backoffDelay(attempt: number, baseMs = 5_000, maxMs = 5 * 60_000, random = Math.random): number {
  const plain = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(plain * (0.8 + 0.4 * random()));
}

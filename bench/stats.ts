/** The value at fraction `p` (0.5 median, 0.95, 0.99) of the sorted values: the nearest rank at or below. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

/** Order statistics over samples, and the interleaved rounds every benchmark uses. */

/** The value at quantile `q` (0..1) of `values`, by nearest rank; `NaN` for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median (the lower middle value for an even count, so it is always a measured value). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Summary of a sample: median, p95, worst and count. */
export interface Summary {
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  readonly n: number;
}

/** Median, p95 and worst of `values`. */
export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    p95: quantile(values, 0.95),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
    n: values.length,
  };
}

/** `subject / baseline`, rounded to 3 decimals. */
export function ratio(subject: number, baseline: number): number {
  return Math.round((subject / baseline) * 1000) / 1000;
}

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const now = (): number => performance.now();

/**
 * Runs `rounds` rounds of every variant, alternating which variant goes first each round so that neither
 * one always runs on a warmer (or more tired) machine. Returns each variant's per-round results.
 */
export async function interleave<K extends string, T>(
  rounds: number,
  variants: Record<K, (round: number) => Promise<T>>,
): Promise<Record<K, T[]>> {
  const names = Object.keys(variants) as K[];
  const results = Object.fromEntries(names.map((name) => [name, [] as T[]])) as unknown as Record<K, T[]>;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) results[name].push(await variants[name](round));
  }
  return results;
}

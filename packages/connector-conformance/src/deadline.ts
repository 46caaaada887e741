import type { Clock } from '@neural/integrations-core';

/** `work`, or `fallback()` when it has not settled within `ms` on `clock` (a connector may ignore its signal). */
export async function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  fallback: () => T,
  clock: Clock,
): Promise<T> {
  const settled = new AbortController();
  // Once `work` wins, the sleep is aborted; its rejection then means nothing.
  const late = clock.sleep(ms, settled.signal).then(fallback, () => new Promise<T>(() => undefined));
  try {
    return await Promise.race([work, late]);
  } finally {
    settled.abort();
  }
}

/** How a call settled, or that it had not within its time. */
export type Settlement =
  | { settled: false }
  | { settled: true; ok: true; value: unknown }
  | { settled: true; ok: false; error: unknown };

/** Settles `call()`, or reports that it had not settled after `ms` on `clock`; never rejects. */
export function settleWithin(clock: Clock, ms: number, call: () => Promise<unknown>): Promise<Settlement> {
  const outcome = call().then(
    (value): Settlement => ({ settled: true, ok: true, value }),
    (error: unknown): Settlement => ({ settled: true, ok: false, error }),
  );
  return withDeadline(outcome, ms, () => ({ settled: false }), clock);
}

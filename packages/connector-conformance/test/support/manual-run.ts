import type { ManualClock } from '@neural/integrations-core/testing';

/**
 * Moves `clock` on by `ms` and says how `run` stood then: its value, or `undefined` while it still runs. A run
 * wholly on the manual clock (its connectors on it too) takes the same steps every time, so the instant it
 * settles is exact; rejections propagate.
 */
export async function afterAdvancing<T>(
  clock: ManualClock,
  ms: number,
  run: Promise<T>,
): Promise<T | undefined> {
  let outcome: { value: T } | { error: unknown } | undefined;
  run.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  await clock.advance(ms);
  if (outcome && 'error' in outcome) throw outcome.error;
  return outcome?.value;
}

import { type Clock, sanitizeDelay } from '../clock.js';
import { OperationAbortedError, throwIfAborted } from '../errors.js';
import { boundedNumber } from '../option-value-schemas.js';
import { parseOptionsOrThrow } from '../validation.js';

const DurationSchema = boundedNumber({ min: 0 });

/** A clock that only moves when told to: for tests, fake platforms and simulations. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, waking every sleeper whose time has come, in order. */
  advance(ms: number): Promise<void>;
  /** Moves time forward to the next pending sleeper's wake-up time, if any; returns whether one woke. */
  runNext(): Promise<boolean>;
  /** How many sleepers are waiting. */
  readonly pendingSleepers: number;
}

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A {@link ManualClock} starting at `startMs`.
 *
 * @example
 * ```ts
 * const clock = createManualClock();
 * const done = clock.sleep(1_000);
 * await clock.advance(1_000); // `done` resolves now, without waiting a second
 * ```
 */
export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs;
  let seq = 0;
  let sleepers: Sleeper[] = [];
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  const wake = (sleeper: Sleeper) => {
    sleepers = sleepers.filter((s) => s !== sleeper);
    sleeper.resolve();
  };
  const clock: ManualClock = {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        throwIfAborted(signal);
        const sleeper: Sleeper = {
          at: now + sanitizeDelay(ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(new OperationAbortedError(undefined, { cause: signal?.reason }));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      });
    },
    async advance(ms) {
      parseOptionsOrThrow(DurationSchema, ms, 'advance', { prefix: 'ms' });
      const target = now + ms;
      await flush();
      for (;;) {
        const next = [...sleepers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!next || next.at > target) break;
        now = Math.max(now, next.at);
        wake(next);
        await flush();
      }
      now = target;
      await flush();
    },
    async runNext() {
      await flush();
      // A sleeper waiting forever is never "next": waking it would move time to infinity.
      const next = sleepers
        .filter((s) => Number.isFinite(s.at))
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) return false;
      now = Math.max(now, next.at);
      wake(next);
      await flush();
      return true;
    },
    get pendingSleepers() {
      return sleepers.length;
    },
  };
  return clock;
}

import type { Clock } from '@neural/integrations-core';
import { invalidRequest } from '../problems.js';

/**
 * The platform clock and its change notifications. Job states are computed from this clock when read, so no
 * timers run: whatever may wake a waiter (the clock moved by the model, a job created, cancelled or finished)
 * fires the listeners, and waiters also sleep on the clock until their next scheduled transition, so advancing
 * a manual clock directly wakes them too.
 */
export class PlatformClock {
  readonly #base: Clock;
  #offsetMs = 0;
  #listeners = new Set<() => void>();
  #disposed = new AbortController();
  /** The configured clock plus whatever `advance` added on a clock that cannot move. */
  readonly clock: Clock;

  constructor(base: Clock) {
    this.#base = base;
    this.clock = Object.freeze({
      now: () => base.now() + this.#offsetMs,
      sleep: (ms: number, signal?: AbortSignal) => base.sleep(ms, signal),
    });
  }

  /** Now, on the platform clock (ms since the epoch). */
  now(): number {
    return this.clock.now();
  }

  /** Aborts once {@link PlatformClock.dispose} was called: long-polls and log streams end. */
  get disposedSignal(): AbortSignal {
    return this.#disposed.signal;
  }

  /** Moves the clock forward by `ms` (a manual clock is advanced, any other gets an offset), then notifies. */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw invalidRequest('ms', 'must be a non-negative number');
    const manual = this.#base as Partial<{ advance(ms: number): Promise<void> }>;
    if (typeof manual.advance === 'function') await manual.advance(ms);
    else this.#offsetMs += ms;
    this.notify();
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every listener that something a waiter may be waiting for changed. */
  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /**
   * Resolves at the first of: a change notification, the clock reaching `wakeAt`, `signal` aborting, the
   * clock being disposed. Never rejects; callers re-read state afterwards.
   */
  async waitForChange(wakeAt: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || this.#disposed.signal.aborted) return;
    const done = new AbortController();
    const onAbort = () => done.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#disposed.signal.addEventListener('abort', onAbort, { once: true, signal: done.signal });
    try {
      await new Promise<void>((resolve) => {
        const unsubscribe = this.subscribe(resolve);
        done.signal.addEventListener('abort', () => {
          unsubscribe();
          resolve();
        });
        if (Number.isFinite(wakeAt)) {
          this.clock.sleep(Math.max(0, wakeAt - this.now()), done.signal).then(resolve, () => {});
        }
      });
    } finally {
      done.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Ends every wait for good, and notifies. */
  dispose(): void {
    this.#disposed.abort();
    this.notify();
  }
}

import { type FSWatcher, watch } from 'node:fs';
import { type Clock, throwIfAborted } from '@neural/integrations-core';

/**
 * Wakes a waiter when anything in a job's folder changes (the supervisor replaces `job.json` by a rename, which
 * a folder watch sees), or after a fallback delay on the clock: a folder watch can be unavailable (inotify
 * limits, network file systems) or miss an event, and a supervisor that dies writes nothing, so the fallback
 * read is what notices those. Start it BEFORE reading the record, so a change between the read and the wait
 * still wakes it.
 */
export class RecordWatch {
  #watcher: FSWatcher | undefined;
  #changed = false;
  #wake: (() => void) | undefined;

  /** Watches `jobDir` when `useFileWatch` is set and the platform allows it; polls only otherwise. */
  constructor(jobDir: string, useFileWatch: boolean) {
    if (!useFileWatch) return;
    try {
      this.#watcher = watch(jobDir, { persistent: false }, () => this.#notify());
      this.#watcher.on('error', () => this.close());
    } catch {
      // No watch here (ENOSPC, ENOSYS, a folder on a file system without events): the fallback delay polls.
      this.#watcher = undefined;
    }
  }

  /** Whether file events are being received; `false` means plain polling. */
  get watching(): boolean {
    return this.#watcher !== undefined;
  }

  /** Resolves on the next change seen since this watch started (or since the last `next`), or after `fallbackMs`. */
  async next(fallbackMs: number, clock: Clock, signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    if (this.#changed) {
      this.#changed = false;
      return;
    }
    const stop = new AbortController();
    const forward = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    try {
      await Promise.race([
        clock.sleep(fallbackMs, stop.signal),
        new Promise<void>((resolve) => {
          this.#wake = resolve;
        }),
      ]);
    } finally {
      signal?.removeEventListener('abort', forward);
      this.#wake = undefined;
      this.#changed = false;
      stop.abort();
    }
    // An abort while waiting is the caller's to report, even if a change won the race.
    throwIfAborted(signal);
  }

  /** Stops watching. */
  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#wake?.();
  }

  #notify(): void {
    if (this.#wake) this.#wake();
    else this.#changed = true;
  }
}

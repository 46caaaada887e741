// `followLogs` in memory: yields a job's log as the clock writes it, sleeping on the clock until the next
// planned line or until the job changes (cancelled, failed, its streams broken), and ends once the job is
// terminal and every line has been yielded.
import {
  type Clock,
  CloudConnectionError,
  type CloudException,
  isTerminalStatus,
  OperationAbortedError,
  throwIfAborted,
} from '@neural/integrations-core';
import { logText, plannedLog } from './job-log.js';
import { viewJob } from './job-state.js';
import { type LogStream, type MockJob, wakeStreams } from './mock-job.js';

/** Makes every stream open on `job` throw `error` (default: a `CloudConnectionError`) at its next step. */
export function breakStreams(job: MockJob, error: CloudException | undefined): void {
  for (const stream of job.streams) {
    stream.broken =
      error ?? new CloudConnectionError(`The log stream of job ${job.id} broke before the job ended`);
  }
  wakeStreams(job);
}

/** Follows the logs of one connector's jobs on its clock. */
export class MockLogFollower {
  readonly #clock: Clock;
  readonly #durationMs: number;

  /** `durationMs` is the connector's default run length (see `plannedLog`). */
  constructor(clock: Clock, durationMs: number) {
    this.#clock = clock;
    this.#durationMs = durationMs;
  }

  /** The log of `job` from character `fromOffset`, chunk by chunk as it is written. */
  async *streamLogs(
    job: MockJob,
    fromOffset: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<string> {
    const stream: LogStream = { wake: () => {}, broken: undefined };
    job.streams.add(stream);
    try {
      yield* this.#streamFrom(job, stream, fromOffset, signal);
    } finally {
      job.streams.delete(stream);
    }
  }

  async *#streamFrom(
    job: MockJob,
    stream: LogStream,
    fromOffset: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<string> {
    let offset = fromOffset;
    for (;;) {
      throwIfAborted(signal);
      if (stream.broken) throw stream.broken;
      const now = this.#clock.now();
      const text = logText(job, now, this.#durationMs);
      if (text.length > offset) {
        const chunk = text.slice(offset);
        offset = text.length;
        yield chunk;
        continue;
      }
      if (isTerminalStatus(viewJob(job, now).status)) return;
      const next = plannedLog(job, this.#durationMs)
        .map((entry) => entry.at)
        .concat(job.endAt)
        .filter((at) => at > now)
        .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
      await this.#waitForChange(stream, next - now, signal);
    }
  }

  /** Sleeps on the clock until `delayMs` passes or the job changes (cancel, failJob, a broken stream). */
  async #waitForChange(stream: LogStream, delayMs: number, signal: AbortSignal | undefined): Promise<void> {
    const woken = new AbortController();
    stream.wake = () => woken.abort();
    const combined = signal ? AbortSignal.any([signal, woken.signal]) : woken.signal;
    try {
      if (Number.isFinite(delayMs)) {
        await this.#clock.sleep(delayMs, combined);
      } else {
        await new Promise<void>((_, reject) => {
          if (combined.aborted) reject(new OperationAbortedError());
          combined.addEventListener('abort', () => reject(new OperationAbortedError()), { once: true });
        });
      }
    } catch (error) {
      if (signal?.aborted) throw new OperationAbortedError(undefined, { cause: signal.reason });
      if (!woken.signal.aborted) throw error;
    } finally {
      stream.wake = () => {};
    }
  }
}

// What the mock keeps of one submitted job: its request, its planned timeline, how it ended early if it did,
// and the log streams open on it.
import type { CloudException, ParsedSubmitJobRequest } from '@neural/integrations-core';
import type { JobDirectives } from './directives.js';

/** One job: its timeline is planned at submission; `ended` is set only when it is cancelled or failed early. */
export interface MockJob {
  readonly id: string;
  readonly seq: number;
  readonly request: ParsedSubmitJobRequest;
  readonly directives: JobDirectives;
  readonly fingerprint: string;
  readonly submittedAt: number;
  readonly startAt: number;
  /** `Infinity` for a job that runs forever. */
  readonly endAt: number;
  ended: { status: 'cancelled' | 'failed'; at: number; error: string | undefined } | undefined;
  /** The `followLogs` streams open on this job. */
  readonly streams: Set<LogStream>;
}

/** One open `followLogs` stream, as the job sees it. */
export interface LogStream {
  /** Interrupts the stream's current wait, if any. */
  wake: () => void;
  /** Set by `breakLogStreams`: the stream throws it at its next step. */
  broken: CloudException | undefined;
}

/** Interrupts the waits of every stream open on `job`, so each reads the job again at once. */
export function wakeStreams(job: MockJob): void {
  for (const stream of [...job.streams]) stream.wake();
}

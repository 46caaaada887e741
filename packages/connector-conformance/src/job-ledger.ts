import { type Clock, type Connector, isTerminalStatus, type JobStatus } from '@neural/integrations-core';
import type { JobObservation, JobStalledEvent, JobsCancelledEvent } from './job-events.js';

interface JobEntry {
  readonly clauseId: string;
  status: JobStatus | undefined;
  since: number;
  noticed: boolean;
  /** Ended, or cancelled by a call that resolved: nothing left to stop. */
  settled: boolean;
}

/**
 * Every job the run started, as its clauses' calls showed it: to notice a job stuck in one status, and to
 * cancel whatever is still running when the run is stopped.
 */
export class JobLedger {
  readonly #jobs = new Map<string, JobEntry>();
  readonly #stallNoticeMs: number;
  readonly #now: () => number;
  readonly #onStalled: (event: JobStalledEvent) => void;

  constructor(options: {
    stallNoticeMs: number;
    /** The run's clock: when a status was first seen, and how long it has lasted. */
    clock: Clock;
    onStalled: (event: JobStalledEvent) => void;
  }) {
    this.#stallNoticeMs = options.stallNoticeMs;
    this.#now = () => options.clock.now();
    this.#onStalled = options.onStalled;
  }

  /** Takes in one observation; emits a stall notice when a job has stayed in one status past the threshold. */
  observe(event: JobObservation): void {
    const now = this.#now();
    let entry = this.#jobs.get(event.jobId);
    if (!entry) {
      entry = { clauseId: event.clauseId, status: undefined, since: now, noticed: false, settled: false };
      this.#jobs.set(event.jobId, entry);
    }
    if (event.type === 'job-cancelled') {
      entry.settled = true;
      return;
    }
    if (event.type !== 'job-status') return;
    if (event.status !== entry.status) {
      entry.status = event.status;
      entry.since = now;
      entry.noticed = false;
    }
    if (isTerminalStatus(event.status)) {
      entry.settled = true;
      return;
    }
    this.#noticeIfStalled(event.jobId, entry, now);
  }

  /**
   * Emits a stall notice for every unsettled job that has been in one status past the threshold. The run calls
   * it off a timer, so a job whose status poll hangs is noticed too, and on time rather than at the next poll.
   */
  noticeStalls(): void {
    const now = this.#now();
    for (const [jobId, entry] of this.#jobs) this.#noticeIfStalled(jobId, entry, now);
  }

  /** How long until the next job could stall (at most the threshold): when the timer should look again. */
  nextStallInMs(): number {
    const now = this.#now();
    let next = this.#stallNoticeMs;
    for (const entry of this.#jobs.values()) {
      if (entry.settled || entry.noticed || entry.status === undefined) continue;
      next = Math.min(next, Math.max(0, entry.since + this.#stallNoticeMs - now));
    }
    return next;
  }

  #noticeIfStalled(jobId: string, entry: JobEntry, now: number): void {
    if (entry.settled || entry.noticed || entry.status === undefined) return;
    const forMs = now - entry.since;
    if (forMs < this.#stallNoticeMs) return;
    entry.noticed = true;
    this.#onStalled({
      type: 'job-stalled',
      clauseId: entry.clauseId,
      jobId,
      status: entry.status,
      forMs,
      thresholdMs: this.#stallNoticeMs,
    });
  }

  /** Ids of every job the run has seen, in the order first seen. */
  known(): string[] {
    return [...this.#jobs.keys()];
  }

  /** Ids of the jobs not yet seen to end or be cancelled. */
  unsettled(): string[] {
    return [...this.#jobs].filter(([, entry]) => !entry.settled).map(([jobId]) => jobId);
  }

  /**
   * Cancels every job not yet seen to end, through a fresh connector; a job counts as cancelled when its
   * status reads terminal or `cancelJob` resolves. Never throws: what could not be confirmed is listed.
   */
  async cancelUnsettled(
    connect: () => Promise<Connector>,
    signal: AbortSignal,
  ): Promise<Omit<JobsCancelledEvent, 'type'>> {
    const pending = this.unsettled();
    if (pending.length === 0) return { cancelled: [], unconfirmed: [] };
    let connector: Connector;
    try {
      connector = await connect();
    } catch {
      return { cancelled: [], unconfirmed: pending };
    }
    const outcomes = await Promise.all(
      pending.map(async (jobId) => {
        try {
          const status = await connector.getJobStatus(jobId, { signal });
          if (!isTerminalStatus(status)) await connector.cancelJob(jobId, { signal });
          const entry = this.#jobs.get(jobId);
          if (entry) entry.settled = true;
          return { jobId, confirmed: true };
        } catch {
          return { jobId, confirmed: false };
        }
      }),
    );
    return {
      cancelled: outcomes.filter((outcome) => outcome.confirmed).map((outcome) => outcome.jobId),
      unconfirmed: outcomes.filter((outcome) => !outcome.confirmed).map((outcome) => outcome.jobId),
    };
  }
}

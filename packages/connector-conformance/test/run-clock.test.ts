import { type CallOptions, JobStatus, OperationAbortedError } from '@neural/integrations-core';
import { createManualClock, type ManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { type ConformanceEvent, type ConformanceReport, runConformance } from '../src/index.js';
import { ReferenceConnector } from './support/reference-connector.js';
import { memoryTarget } from './support/target.js';

/** Counts status reads; one counter may be shared by every connector a target makes. */
interface ReadCount {
  reads: number;
}

/**
 * Answers the first status read of its `count` "pending"; every later read hangs until the caller's signal
 * aborts. Given a shared count, a fresh connector (the stop's clean-up sweep) hangs from its first read too.
 */
class HangingPollConnector extends ReferenceConnector {
  #count: ReadCount = { reads: 0 };
  shareReads(count: ReadCount): this {
    this.#count = count;
    return this;
  }
  override getJobStatus(_jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    this.#count.reads += 1;
    if (this.#count.reads === 1) return Promise.resolve(JobStatus.PENDING);
    return new Promise<JobStatus>((_resolve, reject) => {
      const signal = options.signal;
      const abort = () => reject(new OperationAbortedError(undefined, { cause: signal?.reason }));
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort, { once: true });
    });
  }
}

/** Resolves once `events` holds one that `matches`, checking after each event. */
function eventually(
  events: ConformanceEvent[],
  matches: (event: ConformanceEvent) => boolean,
): Promise<ConformanceEvent> {
  return new Promise((resolve) => {
    const look = () => {
      const found = events.find(matches);
      if (found) resolve(found);
      else setImmediate(look);
    };
    look();
  });
}

/**
 * Moves the run's clock on in half-second steps until `done()`, letting the event loop turn between steps:
 * the clauses' own short polls run on real timers, and on a loaded machine they need turns of the loop, not
 * more simulated time. No wall-clock wait; the test's time limit stops a run that never ends.
 */
async function advanceUntil(clock: ManualClock, done: () => boolean): Promise<void> {
  while (!done()) {
    await clock.advance(500);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const SLOW_CLAUSES = {
  jobTimeoutMs: 600_000,
  pollIntervalMs: 1,
  maxPollIntervalMs: 1,
  clauseTimeoutMs: 600_000,
};

describe("the run's clock", () => {
  it('notices a job whose status poll hangs, on the clock, at the threshold and not before', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const events: ConformanceEvent[] = [];
    const target = memoryTarget((credentials, platform) => new HangingPollConnector(credentials, platform), {
      timing: SLOW_CLAUSES,
    });
    const run = runConformance(target, {
      only: ['result.holds-output'],
      clock,
      stallNoticeMs: 1_000,
      cancelTimeoutMs: 1_000,
      signal: controller.signal,
      onEvent: (event) => events.push(event),
    });
    await eventually(events, (event) => event.type === 'job-status');
    // The second poll is now hanging: no poll will return to trigger a notice.
    await clock.advance(999);
    expect(events.filter((event) => event.type === 'job-stalled')).toEqual([]);
    await clock.advance(1);
    const stalled = events.filter((event) => event.type === 'job-stalled');
    expect(stalled).toEqual([
      {
        type: 'job-stalled',
        clauseId: 'result.holds-output',
        jobId: expect.stringMatching(/^job-/),
        status: 'pending',
        forMs: 1_000,
        thresholdMs: 1_000,
      },
    ]);
    // Once per job and status, however long it stays.
    await clock.advance(5_000);
    expect(events.filter((event) => event.type === 'job-stalled')).toHaveLength(1);
    controller.abort(new Error('interrupted by SIGINT'));
    // The clause's clean-up polls the hung connector: the stop's time limit, on the same clock, ends it.
    let settled: ConformanceReport | undefined;
    void run.then((report) => (settled = report));
    await advanceUntil(clock, () => settled !== undefined);
    const report = await run;
    expect(report.interruption?.reason).toBe('interrupted by SIGINT');
    expect(report.clauses[0]?.failure?.actual).toBe(
      'the run was aborted, and the clause was still stopping when the cancel timeout ran out',
    );
    // The report's time is the run's clock too.
    expect(report.startedAt).toBe(new Date(Date.UTC(2026, 0, 1)).toISOString());
    expect(report.durationMs).toBe(clock.now() - Date.UTC(2026, 0, 1));
    expect(report.durationMs).toBeGreaterThanOrEqual(6_000 + 1_000);
  });

  it("gives the target's teardown a time limit after a stop, and lists the jobs not confirmed cancelled", async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const events: ConformanceEvent[] = [];
    let tornDown = false;
    // After the stop, the sweep's fresh connector cannot confirm a cancel either: the reads are counted across
    // connectors, so its first poll hangs too (a fresh count would answer it, and the sweep would confirm).
    const reads: ReadCount = { reads: 0 };
    const target = memoryTarget(
      (credentials, platform) => new HangingPollConnector(credentials, platform).shareReads(reads),
      {
        timing: SLOW_CLAUSES,
        teardown: () => new Promise<void>(() => undefined).finally(() => (tornDown = true)),
      },
    );
    let settled: ConformanceReport | undefined;
    const run = runConformance(target, {
      only: ['cancel.stops-running-job'],
      clock,
      signal: controller.signal,
      cancelTimeoutMs: 1_000,
      teardownTimeoutMs: 5_000,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'job-status') controller.abort(new Error('interrupted by SIGTERM'));
      },
    }).then((report) => (settled = report));
    // Drive the clock in steps until the run gives up on the teardown; no wall-clock wait.
    await advanceUntil(clock, () => settled !== undefined);
    const report = await run;
    expect(tornDown).toBe(false);
    expect(report.interruption?.teardownTimedOutAfterMs).toBe(5_000);
    const submitted = events.flatMap((event) => (event.type === 'job-submitted' ? [event.jobId] : []));
    expect(submitted).toHaveLength(1);
    expect(report.interruption?.unconfirmedJobs).toEqual(submitted);
    expect(events.find((event) => event.type === 'teardown-timed-out')).toEqual({
      type: 'teardown-timed-out',
      afterMs: 5_000,
      unconfirmed: submitted,
    });
  });
});

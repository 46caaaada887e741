/**
 * A run wholly on an injected clock: the target's connectors, the clauses' polls, sleeps, deadlines and
 * measured durations, the clause time limit, stall notices and the stop's limits all read one manual clock, so
 * each test moves it by exact amounts and no test waits on real time.
 */
import { MockConnector } from '@neural/connector-mock';
import { type CallOptions, JobStatus, OperationAbortedError } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import {
  CONFORMANCE_CLAUSES,
  type ConformanceEvent,
  defineConformanceTarget,
  openConformanceSession,
  runConformance,
} from '../src/index.js';
import { afterAdvancing } from './support/manual-run.js';
import { ReferenceConnector } from './support/reference-connector.js';
import { echo, INVALID_KEY, memoryTarget, VALID_KEY } from './support/target.js';

const START = Date.UTC(2026, 0, 1);

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

/** Clauses that never give up by themselves: only the run's stop ends them. */
const SLOW_CLAUSES = {
  jobTimeoutMs: 600_000,
  pollIntervalMs: 1,
  maxPollIntervalMs: 1,
  clauseTimeoutMs: 600_000,
};

/** A platform on the scale of a real one: jobs queue for half a minute and run for five. */
const MINUTES = {
  queueMs: 30_000,
  durationMs: 300_000,
  timing: {
    jobTimeoutMs: 1_800_000,
    pollIntervalMs: 5_000,
    maxPollIntervalMs: 15_000,
    abortGraceMs: 1_000,
    clauseTimeoutMs: 3_600_000,
  },
};

describe("the run's clock", () => {
  it('notices a job whose status poll hangs, on the clock, at the threshold and not before', async () => {
    const clock = createManualClock(START);
    const controller = new AbortController();
    const events: ConformanceEvent[] = [];
    const target = memoryTarget(
      (credentials, platform) => new HangingPollConnector(credentials, platform),
      { timing: SLOW_CLAUSES },
      clock,
    );
    const run = runConformance(target, {
      only: ['result.holds-output'],
      clock,
      stallNoticeMs: 1_000,
      cancelTimeoutMs: 1_000,
      signal: controller.signal,
      onEvent: (event) => events.push(event),
    });
    // Everything due now happens now: the submit, and the first poll's "pending".
    await clock.advance(0);
    expect(events.filter((event) => event.type === 'job-status')).toHaveLength(1);
    // The second poll, a millisecond later, hangs: no poll will return to trigger a notice.
    await clock.advance(999);
    expect(events.filter((event) => event.type === 'job-stalled')).toEqual([]);
    await clock.advance(1);
    expect(events.filter((event) => event.type === 'job-stalled')).toEqual([
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
    // The clause's clean-up polls the hung connector: the stop's time limit, on the same clock, ends it after
    // 1 s. The sweep's fresh connector (its own read count) answers its first read, so one of the clause's two
    // jobs is confirmed cancelled; the other's read hangs until the sweep's own limit, 1 s later.
    expect(await afterAdvancing(clock, 1_999, run)).toBeUndefined();
    const report = await afterAdvancing(clock, 1, run);
    const submitted = events.flatMap((event) => (event.type === 'job-submitted' ? [event.jobId] : []));
    expect(submitted).toHaveLength(2);
    expect(report?.interruption?.reason).toBe('interrupted by SIGINT');
    expect(
      [
        ...(report?.interruption?.cancelledJobs ?? []),
        ...(report?.interruption?.unconfirmedJobs ?? []),
      ].sort(),
    ).toEqual([...submitted].sort());
    expect(report?.interruption?.unconfirmedJobs).toHaveLength(1);
    expect(report?.clauses[0]?.failure?.actual).toBe(
      'the run was aborted, and the clause was still stopping when the cancel timeout ran out',
    );
    // The report's times are the run's clock too.
    expect(report?.startedAt).toBe(new Date(START).toISOString());
    expect(report?.durationMs).toBe(8_000);
  });

  it("gives the target's teardown a time limit after a stop, and lists the jobs not confirmed cancelled", async () => {
    const clock = createManualClock(START);
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
      clock,
    );
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
    });
    // Stopped at once: 1 s for the clause to stop, 1 s for the sweep, 5 s for the teardown, and no more.
    expect(await afterAdvancing(clock, 6_999, run)).toBeUndefined();
    const report = await afterAdvancing(clock, 1, run);
    expect(tornDown).toBe(false);
    expect(report?.durationMs).toBe(7_000);
    expect(report?.interruption?.teardownTimedOutAfterMs).toBe(5_000);
    const submitted = events.flatMap((event) => (event.type === 'job-submitted' ? [event.jobId] : []));
    expect(submitted).toHaveLength(1);
    expect(report?.interruption?.unconfirmedJobs).toEqual(submitted);
    expect(events.find((event) => event.type === 'teardown-timed-out')).toEqual({
      type: 'teardown-timed-out',
      afterMs: 5_000,
      unconfirmed: submitted,
    });
  });

  it('fails a clause at timing.clauseTimeoutMs on the clock, to the millisecond', async () => {
    const clock = createManualClock(START);
    const target = memoryTarget(
      undefined,
      {
        jobs: {
          ...memoryTarget().jobs,
          succeeds: { code: '# @fake duration=600s\nprint("slow")', expectedOutput: 'slow' },
        },
        timing: { pollIntervalMs: 1_000, jobTimeoutMs: 3_600_000, clauseTimeoutMs: 60_000 },
      },
      clock,
    );
    const run = runConformance(target, { only: ['result.holds-output'], clock });
    expect(await afterAdvancing(clock, 59_999, run)).toBeUndefined();
    const report = await afterAdvancing(clock, 1, run);
    expect(report?.clauses[0]).toMatchObject({
      outcome: 'failed',
      durationMs: 60_000,
      failure: {
        expected: 'the clause to finish within 60000 ms (timing.clauseTimeoutMs)',
        call: expect.stringMatching(/^connector\.getJobStatus\("job-/),
      },
    });
  });

  it('judges a connector on the same clock: a platform whose jobs take minutes passes in no time', async () => {
    const clock = createManualClock(START);
    const target = defineConformanceTarget<{ apiKey: string }>({
      name: 'MockConnector on the run clock',
      create: (credentials) =>
        new MockConnector({
          credentials,
          acceptApiKey: VALID_KEY,
          clock,
          queueMs: MINUTES.queueMs,
          durationMs: MINUTES.durationMs,
        }),
      credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: INVALID_KEY } },
      jobs: {
        succeeds: { code: "print('hello conformance')", expectedOutput: 'hello conformance' },
        fails: { code: '# @fake fail="exit status 3"\nraise SystemExit(3)' },
        runsLong: { code: '# @fake forever\nimport time\ntime.sleep(3600)' },
        echo,
      },
      timing: MINUTES.timing,
    });
    // The clauses that time the connector or wait on its jobs; those that touch the file system are left to
    // the reference tests, as a manual clock cannot tell when a real file operation is done.
    const only = [
      'result.duration-fits-the-run',
      'result.holds-output',
      'cancel.',
      'logs.follow-ends-on-cancel',
      'logs.follow-yields-output',
    ];
    const run = runConformance(target, { only, clock });
    // A day on the clock is far more than the run needs; it is over when the clock stops.
    const report = await afterAdvancing(clock, 86_400_000, run);
    expect(report?.clauses.filter((clause) => clause.outcome !== 'passed')).toEqual([]);
    expect(report?.clauses.length).toBeGreaterThanOrEqual(only.length);
    // Durations are the clock's: each job queued half a minute and ran five.
    const fits = report?.clauses.find((clause) => clause.id === 'result.duration-fits-the-run');
    expect(fits?.durationMs).toBeGreaterThanOrEqual(MINUTES.queueMs + MINUTES.durationMs);
    // And the run's is theirs: no time passes between clauses on a manual clock (each is rounded to the ms).
    const clauses = report?.clauses ?? [];
    const summed = clauses.reduce((total, clause) => total + clause.durationMs, 0);
    expect(Math.abs((report?.durationMs ?? 0) - summed)).toBeLessThanOrEqual(clauses.length);
  });

  it('runs a session, as the vitest adapter does, on the clock it is given', async () => {
    const clock = createManualClock(START);
    const target = memoryTarget(undefined, { timing: { pollIntervalMs: 1_000 } }, clock);
    const session = await openConformanceSession(target, { clock });
    const clause = CONFORMANCE_CLAUSES.find((candidate) => candidate.id === 'result.holds-output');
    if (!clause) throw new Error('result.holds-output is not in the contract');
    const report = await afterAdvancing(clock, 60_000, session.runClause(clause));
    await session.close();
    expect(report?.outcome).toBe('passed');
    // The reference job queues 5 ms and runs 20: seen ended at the first poll a second later.
    expect(report?.durationMs).toBe(1_000);
  });

  it('refuses a clock that is not one, for a session as for a run', async () => {
    const notAClock = { now: () => 0 } as never;
    await expect(openConformanceSession(memoryTarget(), { clock: notAClock })).rejects.toThrow(
      /clock: must be a Clock/,
    );
    await expect(runConformance(memoryTarget(), { clock: notAClock })).rejects.toThrow(
      /clock: must be a Clock/,
    );
  });
});

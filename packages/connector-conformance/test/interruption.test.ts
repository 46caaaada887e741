import {
  type CallOptions,
  type Connector,
  isTerminalStatus,
  JobStatus,
  type SubmitJobRequest,
} from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { type ConformanceEvent, runConformance } from '../src/index.js';
import { afterAdvancing } from './support/manual-run.js';
import {
  type InMemoryPlatform,
  ReferenceConnector,
  type ReferenceCredentials,
} from './support/reference-connector.js';
import { memoryTarget } from './support/target.js';

/** A target on a fresh manual clock, making connectors with `make`, and its platform once one is made. */
function targetOnClock(
  make: (credentials: ReferenceCredentials, platform: InMemoryPlatform) => Connector,
  overrides: Parameters<typeof memoryTarget>[1] = {},
) {
  const clock = createManualClock();
  let platform: InMemoryPlatform | undefined;
  const target = memoryTarget(
    (credentials, shared) => {
      platform = shared;
      return make(credentials, shared);
    },
    overrides,
    clock,
  );
  return { clock, target, platform: () => platform as InMemoryPlatform };
}

/** Every job of the platform that has not ended. */
function stillRunning(platform: InMemoryPlatform): string[] {
  return [...platform.jobs].filter(([, job]) => !isTerminalStatus(platform.statusOf(job))).map(([id]) => id);
}

describe('a run stopped by its signal', () => {
  it('stops the clause in flight, cancels the jobs it started and says so in the report', async () => {
    const controller = new AbortController();
    const { clock, target, platform } = targetOnClock(
      (credentials, shared) => new ReferenceConnector(credentials, shared),
    );
    const events: ConformanceEvent[] = [];
    const run = runConformance(target, {
      only: ['cancel.', 'status.', 'result.'],
      clock,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        // Stop as soon as a long job of the first cancel clause runs.
        if (event.type === 'job-status' && event.status === JobStatus.RUNNING && !controller.signal.aborted)
          controller.abort(new Error('interrupted by SIGTERM'));
      },
    });
    const report = await afterAdvancing(clock, 60_000, run);
    if (!report) throw new Error('the stopped run did not end');
    expect(report.ok).toBe(false);
    expect(report.interruption?.reason).toBe('interrupted by SIGTERM');
    expect(report.interruption?.unconfirmedJobs).toEqual([]);
    const started = events.flatMap((event) => (event.type === 'job-submitted' ? [event.jobId] : []));
    expect(started.length).toBeGreaterThan(0);
    expect(report.interruption?.cancelledJobs.length).toBeGreaterThan(0);
    expect(stillRunning(platform())).toEqual([]);
    expect(report.clauses.slice(1).every((clause) => clause.reason === 'the run was aborted')).toBe(true);
    expect(events.filter((event) => event.type === 'run-interrupted')).toHaveLength(1);
    expect(events.find((event) => event.type === 'jobs-cancelled')).toMatchObject({ unconfirmed: [] });
  });

  it('lists a job whose submit was in flight when the signal came among the cancelled ones', async () => {
    const controller = new AbortController();
    /** The stop arrives while its first submit is on the wire; the platform has started the job regardless. */
    class SlowAnswerConnector extends ReferenceConnector {
      override async submitJob(request: SubmitJobRequest): Promise<string> {
        const jobId = await super.submitJob(request);
        if (!controller.signal.aborted) controller.abort(new Error('interrupted by SIGTERM'));
        return jobId;
      }
    }
    const { clock, target, platform } = targetOnClock(
      (credentials, shared) => new SlowAnswerConnector(credentials, shared),
    );
    const run = runConformance(target, {
      only: ['cancel.stops-running-job'],
      clock,
      signal: controller.signal,
    });
    const report = await afterAdvancing(clock, 60_000, run);
    if (!report) throw new Error('the stopped run did not end');
    const jobs = [...platform().jobs.keys()];
    expect(jobs).toHaveLength(1);
    expect(report.interruption?.cancelledJobs).toEqual(jobs);
    expect(report.interruption?.unconfirmedJobs).toEqual([]);
    expect(stillRunning(platform())).toEqual([]);
  });

  it('gives up on a clause that will not stop after cancelTimeoutMs, and cancels its jobs through a fresh connector', async () => {
    const controller = new AbortController();
    /** Its cancel never settles and ignores the signal: the clause's own clean-up hangs. */
    class StuckCancelConnector extends ReferenceConnector {
      override cancelJob(_jobId: string, _options?: CallOptions): Promise<boolean> {
        return new Promise<boolean>(() => undefined);
      }
    }
    const { clock, target, platform } = targetOnClock(
      (credentials, shared) =>
        controller.signal.aborted
          ? new ReferenceConnector(credentials, shared)
          : new StuckCancelConnector(credentials, shared),
      { timing: { jobTimeoutMs: 60_000, pollIntervalMs: 2, maxPollIntervalMs: 5, abortGraceMs: 50 } },
    );
    const run = runConformance(target, {
      only: ['cancel.stops-running-job'],
      clock,
      signal: controller.signal,
      cancelTimeoutMs: 300,
      onEvent: (event) => {
        if (event.type === 'job-submitted') controller.abort(new Error('interrupted by SIGINT'));
      },
    });
    // Bounded: the clause got 300 ms to stop (its clean-up's own bound is a minute), and the sweep's fresh
    // connector cancels at once.
    expect(await afterAdvancing(clock, 299, run)).toBeUndefined();
    const report = await afterAdvancing(clock, 1, run);
    if (!report) throw new Error('the run did not end at its cancel timeout');
    expect(report.clauses[0]?.failure?.actual).toBe(
      'the run was aborted, and the clause was still stopping when the cancel timeout ran out',
    );
    expect(report.interruption?.cancelledJobs).toHaveLength(1);
    // The job runs forever: only the sweep's cancel can have ended it.
    const jobs = [...platform().jobs.values()];
    expect(jobs.map((job) => platform().statusOf(job))).toEqual([JobStatus.CANCELLED]);
    expect(stillRunning(platform())).toEqual([]);
  });
});

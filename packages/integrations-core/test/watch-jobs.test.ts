import { describe, expect, it } from 'vitest';
import {
  CloudConnectionError,
  type Connector,
  InvalidParameterError,
  JobNotFoundError,
  type JobStatus,
  type JobSummary,
  type JobWatchEvent,
  type ListJobsOptions,
  MemoryJobJournal,
  OperationAbortedError,
  type WatchJobsOptions,
  watchJobs,
} from '../src/index.js';
import { createManualClock, type ManualClock } from '../src/testing/index.js';
import { driveUntilSettled, scriptedConnector } from './support.js';

interface SimulatedJob {
  readonly id: string;
  readonly createdAt: number;
  readonly endsAt: number;
  readonly ending: JobStatus;
}

/**
 * A platform on the manual clock: each job runs from its creation until `endsAt`, then takes its `ending`
 * status. `listJobs` answers newest first, like every connector; `down` makes every call fail at those times.
 */
function simulatedPlatform(
  clock: ManualClock,
  jobs: SimulatedJob[],
  down: (now: number) => boolean = () => false,
) {
  const calls = { listJobs: 0, getJobStatus: 0, cancelJob: 0, at: [] as number[] };
  const statusOf = (job: SimulatedJob): JobStatus => (clock.now() >= job.endsAt ? job.ending : 'running');
  const refuseIfDown = () => {
    calls.at.push(clock.now());
    if (down(clock.now())) throw new CloudConnectionError('socket hang up', { code: 'ECONNRESET' });
  };
  const connector: Connector = {
    ...scriptedConnector([]),
    async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
      calls.listJobs++;
      refuseIfDown();
      return [...jobs]
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((job) => ({
          id: job.id,
          name: undefined,
          status: statusOf(job),
          createdAt: new Date(job.createdAt),
        }))
        .filter((job) => options.statusFilter === undefined || job.status === options.statusFilter)
        .slice(0, options.limit ?? 10);
    },
    async getJobStatus(jobId) {
      calls.getJobStatus++;
      refuseIfDown();
      const job = jobs.find((candidate) => candidate.id === jobId);
      if (!job) throw new JobNotFoundError(jobId);
      return statusOf(job);
    },
    async cancelJob() {
      calls.cancelJob++;
      return true;
    },
  };
  return { connector, calls };
}

/** Mixed durations, from 1 s to 10 minutes, a quarter of them failing. */
function mixedJobs(count: number): SimulatedJob[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `job-${index}`,
    createdAt: index,
    endsAt: 1_000 + ((index * 7_919) % 600_000),
    ending: index % 4 === 0 ? 'failed' : 'succeeded',
  }));
}

async function collect(clock: ManualClock, connector: Connector, options: WatchJobsOptions) {
  const events: JobWatchEvent[] = [];
  const { error } = await driveUntilSettled(
    clock,
    (async () => {
      for await (const event of watchJobs(connector, { clock, ...options })) events.push(event);
    })(),
    1_000_000,
  );
  return { events, error };
}

describe('watchJobs', () => {
  it('reports each end once, with its true status, within one interval, from one listing per round', async () => {
    const clock = createManualClock(0);
    const jobs = mixedJobs(300);
    const { connector, calls } = simulatedPlatform(clock, jobs);
    const { events, error } = await collect(clock, connector, {
      jobIds: jobs.map((job) => job.id),
      pollIntervalMs: 1_000,
    });
    expect(error).toBeUndefined();
    const ended = events.filter((event) => event.type === 'ended');
    expect(ended).toHaveLength(300);
    for (const job of jobs) {
      const event = ended.find((candidate) => candidate.jobId === job.id);
      expect(event?.status).toBe(job.ending);
      expect(event!.observedAt - job.endsAt).toBeLessThanOrEqual(1_000);
      expect(event!.observedAt).toBeGreaterThanOrEqual(job.endsAt);
    }
    expect(events.filter((event) => event.type === 'status')).toHaveLength(300);
    expect(calls.getJobStatus).toBe(0);
    // One listing per round (rounds start 5% early) over the ten minutes, where polling each job would cost
    // tens of thousands.
    expect(calls.listJobs).toBeLessThanOrEqual(
      Math.ceil(Math.max(...jobs.map((job) => job.endsAt)) / 950) + 1,
    );
  });

  it('keeps to its request budget', async () => {
    const clock = createManualClock(0);
    const jobs = mixedJobs(40);
    const { connector, calls } = simulatedPlatform(clock, jobs);
    await collect(clock, connector, {
      jobIds: jobs.map((job) => job.id),
      pollIntervalMs: 100,
      listLimit: 10,
      requestsPerSecond: 5,
    });
    for (let i = 5; i < calls.at.length; i++)
      expect(calls.at[i]! - calls.at[i - 5]!).toBeGreaterThanOrEqual(1_000);
  });

  it('watches more jobs than one page holds through the active listings and single reads, still reporting each end', async () => {
    const clock = createManualClock(0);
    const jobs = mixedJobs(50);
    const { connector, calls } = simulatedPlatform(clock, jobs);
    const { events } = await collect(clock, connector, {
      jobIds: jobs.map((job) => job.id),
      listLimit: 10,
      requestsPerSecond: 20,
    });
    const ended = events.filter((event) => event.type === 'ended');
    expect(new Set(ended.map((event) => event.jobId)).size).toBe(50);
    for (const event of ended) expect(event.status).toBe(jobs.find((job) => job.id === event.jobId)?.ending);
    expect(calls.getJobStatus).toBeGreaterThan(0);
  });

  it('reports an outage as unreachable (once per job, since when), never as an end, and carries on after it', async () => {
    const clock = createManualClock(0);
    const jobs = mixedJobs(20);
    const { connector, calls } = simulatedPlatform(clock, jobs, (now) => now >= 100_000 && now < 400_000);
    const { events } = await collect(clock, connector, {
      jobIds: jobs.map((job) => job.id),
      retry: { maxAttempts: 2 },
    });
    const activeAtOutage = jobs.filter((job) => job.endsAt > 100_000);
    const unreachable = events.filter((event) => event.type === 'unreachable');
    expect(unreachable.map((event) => event.jobId).sort()).toEqual(
      activeAtOutage.map((job) => job.id).sort(),
    );
    for (const event of unreachable) {
      expect(event.since).toBeGreaterThanOrEqual(100_000);
      expect(event.since).toBeLessThan(101_000);
      expect(event.lastStatus).toBe('running');
    }
    const duringOutage = events.filter(
      (event) => event.type === 'ended' && event.observedAt >= 100_000 && event.observedAt < 400_000,
    );
    expect(duringOutage).toEqual([]);
    expect(events.filter((event) => event.type === 'reachable')).toHaveLength(activeAtOutage.length);
    const ended = events.filter((event) => event.type === 'ended');
    expect(ended).toHaveLength(20);
    for (const event of ended) expect(event.status).toBe(jobs.find((job) => job.id === event.jobId)?.ending);
    expect(calls.cancelJob).toBe(0);
  });

  it('stops watching a job unreachable past the budget with a JOB_UNREACHABLE error event', async () => {
    const clock = createManualClock(0);
    const jobs = mixedJobs(5);
    const { connector } = simulatedPlatform(clock, jobs, (now) => now >= 2_000);
    const { events, error } = await collect(clock, connector, {
      jobIds: jobs.map((job) => job.id),
      unreachableBudgetMs: 60_000,
      retry: { maxAttempts: 1 },
    });
    expect(error).toBeUndefined();
    const errors = events.filter((event) => event.type === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const event of errors) {
      expect(event.error.code).toBe('JOB_UNREACHABLE');
      expect(event.observedAt).toBeGreaterThanOrEqual(2_000 + 60_000);
    }
    expect(
      events.some((event) => event.type === 'ended' && event.status === 'failed' && event.observedAt > 2_000),
    ).toBe(false);
  });

  it('reports an id the platform does not know as an error event and watches the others to their end', async () => {
    const clock = createManualClock(0);
    const jobs = mixedJobs(3);
    const { connector } = simulatedPlatform(clock, jobs);
    const { events } = await collect(clock, connector, {
      jobIds: ['job-missing', ...jobs.map((job) => job.id)],
    });
    const missing = events.find((event) => event.jobId === 'job-missing');
    expect(missing?.type).toBe('error');
    expect(missing?.type === 'error' && JobNotFoundError.isInstance(missing.error)).toBe(true);
    expect(events.filter((event) => event.type === 'ended')).toHaveLength(3);
  });

  it('resumes from a journal: watches the submitted jobs without a result and records each change', async () => {
    const clock = createManualClock(0);
    const jobs = mixedJobs(4);
    const { connector } = simulatedPlatform(clock, jobs);
    const journal = new MemoryJobJournal();
    const request = { code: 'print(1)', environmentNames: [], dependencies: [] };
    for (const [index, job] of jobs.entries()) {
      await journal.write({ type: 'intent', key: `k${index}`, fingerprint: 'f', request, at: 0 });
      await journal.write({ type: 'submitted', key: `k${index}`, jobId: job.id, at: 0 });
    }
    await journal.write({
      type: 'result',
      jobId: 'job-0',
      result: { jobId: 'job-0', status: 'failed' },
      at: 0,
    });
    const { events } = await collect(clock, connector, { journal });
    expect(
      events
        .filter((event) => event.type === 'ended')
        .map((event) => event.jobId)
        .sort(),
    ).toEqual(['job-1', 'job-2', 'job-3']);
    const statuses = (await journal.read()).filter((record) => record.type === 'status');
    expect(
      statuses.map((record) => record.type === 'status' && `${record.jobId}:${record.status}`).sort(),
    ).toEqual([
      'job-1:running',
      'job-1:succeeded',
      'job-2:running',
      'job-2:succeeded',
      'job-3:running',
      'job-3:succeeded',
    ]);
  });

  it('with a filter, picks up jobs as they appear, leaves out history, and runs until aborted', async () => {
    const clock = createManualClock(0);
    const jobs: SimulatedJob[] = [{ id: 'old', createdAt: 0, endsAt: 0, ending: 'succeeded' }];
    const { connector } = simulatedPlatform(clock, jobs);
    const controller = new AbortController();
    const events: JobWatchEvent[] = [];
    const watching = (async () => {
      for await (const event of watchJobs(connector, { clock, filter: {}, signal: controller.signal })) {
        events.push(event);
        if (event.type === 'ended') controller.abort();
      }
    })();
    await clock.advance(5_000);
    jobs.push({ id: 'new', createdAt: 5_000, endsAt: 8_000, ending: 'succeeded' });
    const { error } = await driveUntilSettled(clock, watching);
    expect(OperationAbortedError.isInstance(error)).toBe(true);
    expect(events.map((event) => `${event.jobId}:${event.type}`)).toEqual(['new:status', 'new:ended']);
  });

  it('refuses options with nothing to watch or out of range, before any call', async () => {
    const clock = createManualClock(0);
    const { connector, calls } = simulatedPlatform(clock, []);
    const first = (options: WatchJobsOptions) => watchJobs(connector, options).next();
    await expect(first({})).rejects.toSatisfy(InvalidParameterError.isInstance);
    await expect(first({ jobIds: ['a'], listLimit: 5_000 })).rejects.toThrow(/listLimit/);
    await expect(first({ jobIds: ['a'], requestsPerSecond: 0 })).rejects.toThrow(/requestsPerSecond/);
    await expect(first({ jobIds: [''] })).rejects.toSatisfy(InvalidParameterError.isInstance);
    expect(calls.listJobs + calls.getJobStatus).toBe(0);
  });
});

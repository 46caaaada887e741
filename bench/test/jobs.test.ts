/** Smoke runs of benchmarks 1 to 3 at tiny sizes: each produces well-formed figures against its baseline. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch, warmupJobs } from '../src/benchmarks/batch.js';
import { runCallOverhead } from '../src/benchmarks/call-overhead.js';
import { runWaiting } from '../src/benchmarks/waiting.js';
import { runWatchMany } from '../src/benchmarks/watch-many.js';
import { type BenchPlatform, startPlatform } from '../src/platform.js';
import { SMOKE_SIZES } from '../src/suite.js';
import { expectFinite, expectMeasured } from './figures.js';

let platform: BenchPlatform;
beforeAll(async () => {
  platform = await startPlatform();
}, 30_000);
afterAll(() => platform?.stop());

describe('benchmark 1, call overhead', () => {
  it('times every call of the connector and of bare fetch, and states the ratio and the target', async () => {
    const figures = await runCallOverhead(platform, SMOKE_SIZES.callOverhead);
    expectFinite(figures);
    const calls = SMOKE_SIZES.callOverhead.rounds * SMOKE_SIZES.callOverhead.callsPerRound;
    expect(figures.subject.n).toBe(calls);
    expect(figures.baseline.n).toBe(calls);
    expectMeasured(figures.subject.median, 'subject median');
    expectMeasured(figures.baseline.median, 'baseline median');
    expect(figures.subject.p95).toBeGreaterThanOrEqual(figures.subject.median);
    expect(figures.subject.max).toBeGreaterThanOrEqual(figures.subject.p95);
    expectMeasured(figures.medianRatio, 'median ratio');
    expect(figures.target).toEqual({ maxMedianRatio: 1.15, met: figures.medianRatio <= 1.15 });
  });
});

describe('benchmark 2, batch submission', () => {
  it('submits every job three ways without a failure and reports each throughput', async () => {
    const before = await platform.child.request({ type: 'jobCount' });
    const figures = await runBatch(platform, SMOKE_SIZES.batch);
    const after = await platform.child.request({ type: 'jobCount' });
    expectFinite(figures);
    expect(figures.failures).toBe(0);
    const { jobs, sequentialJobs, rounds } = SMOKE_SIZES.batch;
    // Every round's jobs really reached the platform: batch, bare and sequential, plus warm-up and template.
    expect(Number(after.jobCount) - Number(before.jobCount)).toBe(
      rounds * (2 * jobs + sequentialJobs) + warmupJobs(SMOKE_SIZES.batch) + jobs + 1,
    );
    for (const key of ['subjectJobsPerSecond', 'bareJobsPerSecond', 'sequentialJobsPerSecond'] as const) {
      expectMeasured(figures[key], key);
    }
    expectMeasured(figures.throughputRatioToBare, 'ratio to bare');
    expectMeasured(figures.sequentialSecondsFor5000Extrapolated, 'extrapolated sequential time');
  });
});

describe('benchmark 3, waiting', () => {
  it('sees every job end four ways and counts the requests each spent', async () => {
    const figures = await runWaiting(platform, SMOKE_SIZES.waiting);
    expectFinite(figures);
    for (const way of [figures.subject, figures.capped, figures.fixedInterval, figures.longPoll]) {
      // Noticed after the end, never before it (the clocks are the same machine's).
      expect(way.worstLatenessMs).toBeGreaterThanOrEqual(0);
      expect(way.worstLatenessMs).toBeGreaterThanOrEqual(way.medianLatenessMs);
      expect(way.totalRequests).toBeGreaterThanOrEqual(2);
      expect(way.byDuration).toHaveLength(SMOKE_SIZES.waiting.durationsMs.length);
    }
    expectMeasured(figures.requestRatio, 'request ratio');
    expectMeasured(figures.cappedRequestRatio, 'capped request ratio');
  });
});

describe('benchmark 8, many jobs', () => {
  it('watches every job to its true end both ways, in child processes, counting requests and peak memory', async () => {
    const figures = await runWatchMany(platform, SMOKE_SIZES.watchMany);
    expectFinite(figures);
    expect(figures.runs.map((run) => run.jobs)).toEqual([...SMOKE_SIZES.watchMany.jobCounts]);
    for (const run of figures.runs) {
      for (const watcher of [run.watchJobs, run.perJobPolling]) {
        if (!watcher) continue;
        expect(watcher.wrongStatuses).toBe(0);
        expect(watcher.requests).toBeGreaterThan(0);
        expect(watcher.worstLatenessMs).toBeGreaterThanOrEqual(watcher.medianLatenessMs);
        expect(watcher.peakAboveIdleMiB).toBeGreaterThan(0);
      }
    }
    const [first] = figures.runs;
    expect(first?.perJobPolling).toBeDefined();
    expectMeasured(first?.requestRatio ?? Number.NaN, 'request ratio');
    expect(figures.runs.at(-1)?.perJobPolling).toBeUndefined();
  });
});

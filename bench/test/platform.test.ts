/** Smoke runs of benchmarks 5 to 7 at tiny sizes, and of the report built from a whole run's figures. */
import { afterEach, describe, expect, it } from 'vitest';
import { runConformanceBench } from '../src/benchmarks/conformance.js';
import { runPlatformRps } from '../src/benchmarks/platform-rps.js';
import { runScale } from '../src/benchmarks/scale.js';
import { type BenchPlatform, startPlatform } from '../src/platform.js';
import { SMOKE_SIZES } from '../src/suite.js';
import { expectFinite, expectMeasured } from './figures.js';

const started: BenchPlatform[] = [];
const platform = async () => {
  const created = await startPlatform();
  started.push(created);
  return created;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

describe('benchmark 5, platform requests per second', () => {
  it('loads the fake platform and the bare server from another process and answers without errors', async () => {
    const figures = await runPlatformRps(await platform(), SMOKE_SIZES.platformRps);
    expectFinite(figures);
    expectMeasured(figures.platformRps, 'platform rps');
    expectMeasured(figures.bareRps, 'bare rps');
    expectMeasured(figures.ratioToBare, 'ratio');
    expect(figures.failedResponses).toBe(0);
  }, 30_000);
});

describe('benchmark 6, scale', () => {
  it('times the first and the last page at both job counts', async () => {
    const figures = await runScale(await platform(), await platform(), SMOKE_SIZES.scale);
    expectFinite(figures);
    expect(figures.small.jobs).toBe(SMOKE_SIZES.scale.small);
    expect(figures.large.jobs).toBe(SMOKE_SIZES.scale.large);
    for (const point of [figures.small, figures.large]) {
      expectMeasured(point.firstPageMs, 'first page');
      expectMeasured(point.lastPageMs, 'last page');
      expectMeasured(point.firstPageConnectorMs, 'connector first page');
    }
    expect(figures.target.met).toBe(figures.firstPageRatio <= 2 && figures.lastPageRatio <= 2);
  }, 30_000);

  it('refuses a platform that already holds jobs, whose count would be wrong', async () => {
    const used = await platform();
    await used.submit('print(1)');
    await expect(runScale(used, await platform(), SMOKE_SIZES.scale)).rejects.toThrow(/fresh platform/);
  }, 30_000);
});

describe('benchmark 7, conformance suite', () => {
  it('runs the selected clauses against both connectors, which pass, and times each run', async () => {
    const figures = await runConformanceBench(SMOKE_SIZES.conformance);
    expectFinite(figures);
    expect(figures.allPassed).toBe(true);
    expect(figures.clauses).toBeGreaterThanOrEqual(3);
    expectMeasured(figures.mockMs, 'mock time');
    expectMeasured(figures.httpInProcessMs, 'http time');
    expect(figures.slowestHttpClauses.length).toBeGreaterThan(0);
  }, 30_000);
});

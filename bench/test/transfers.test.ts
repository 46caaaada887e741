/** Smoke run of benchmark 4 at a tiny size: both directions, both ways, each in its own measured process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStreaming } from '../src/benchmarks/streaming.js';
import { type BenchPlatform, startPlatform } from '../src/platform.js';
import { SMOKE_SIZES } from '../src/suite.js';
import { expectFinite, expectMeasured } from './figures.js';

let platform: BenchPlatform;
beforeAll(async () => {
  platform = await startPlatform({ maxFileBytes: SMOKE_SIZES.streaming.bytes });
}, 30_000);
afterAll(() => platform?.stop());

describe('benchmark 4, streaming', () => {
  it('uploads and downloads the file through the connector and bare fetch, with throughput and peak RSS', async () => {
    const figures = await runStreaming(platform, SMOKE_SIZES.streaming);
    expectFinite(figures);
    expect(figures.bytes).toBe(SMOKE_SIZES.streaming.bytes);
    for (const direction of [figures.upload, figures.download]) {
      expectMeasured(direction.subjectMiBps, 'subject throughput');
      expectMeasured(direction.bareMiBps, 'bare throughput');
      expectMeasured(direction.throughputRatio, 'throughput ratio');
      // A peak can read as slightly below idle when the collector ran in between, never as a huge number.
      expect(direction.subjectPeakAboveIdleMiB).toBeLessThan(1024);
    }
    expect(['clear_refs', 'maxRSS']).toContain(figures.peakMethod);
  }, 60_000);
});

/**
 * The eight benchmarks, run in order, each on a fresh platform process, with the sizes given: the full
 * sizes for `pnpm bench`, tiny ones for the smoke test.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { type BatchFigures, type BatchSize, runBatch } from './benchmarks/batch.js';
import {
  type CallOverheadFigures,
  type CallOverheadSize,
  runCallOverhead,
} from './benchmarks/call-overhead.js';
import {
  type ConformanceFigures,
  type ConformanceSize,
  runConformanceBench,
} from './benchmarks/conformance.js';
import { type PlatformRpsFigures, type PlatformRpsSize, runPlatformRps } from './benchmarks/platform-rps.js';
import { runScale, type ScaleFigures, type ScaleSize } from './benchmarks/scale.js';
import { runStreaming, type StreamingFigures, type StreamingSize } from './benchmarks/streaming.js';
import { runWaiting, type WaitingFigures, type WaitingSize } from './benchmarks/waiting.js';
import { runWatchMany, type WatchManyFigures, type WatchManySize } from './benchmarks/watch-many.js';
import { type BenchPlatform, startPlatform } from './platform.js';
import { now } from './stats.js';

/** Sizes of every benchmark. */
export interface SuiteSizes {
  readonly callOverhead: CallOverheadSize;
  readonly batch: BatchSize;
  readonly waiting: WaitingSize;
  readonly streaming: StreamingSize;
  readonly platformRps: PlatformRpsSize;
  readonly scale: ScaleSize;
  readonly conformance: ConformanceSize;
  readonly watchMany: WatchManySize;
}

/** The sizes `pnpm bench` runs: the sizes, with rounds chosen to fit 10 minutes on 2 cores. */
export const FULL_SIZES: SuiteSizes = {
  callOverhead: { rounds: 10, callsPerRound: 200 },
  batch: { rounds: 5, jobs: 5000, concurrency: 32, sequentialJobs: 1000 },
  waiting: { durationsMs: [1000, 5000, 20_000, 120_000], repetitions: 3, pollFloorMs: 1000 },
  streaming: { bytes: 1024 ** 3, rounds: 3 },
  platformRps: { rounds: 3, durationMs: 3000, warmupMs: 1000, connections: 16 },
  scale: { small: 1000, large: 100_000, pageSize: 100, samples: 100 },
  conformance: { rounds: 3 },
  watchMany: {
    jobCounts: [1_000, 10_000],
    perJobPollingUpTo: 1_000,
    minDurationMs: 5_000,
    maxDurationMs: 60_000,
    pollIntervalMs: 1_000,
    requestsPerSecond: 100,
    submitConcurrency: 32,
  },
};

/** Tiny sizes: every code path once, in seconds (the smoke test). */
export const SMOKE_SIZES: SuiteSizes = {
  callOverhead: { rounds: 2, callsPerRound: 10 },
  batch: { rounds: 1, jobs: 40, concurrency: 4, sequentialJobs: 10 },
  waiting: { durationsMs: [60], repetitions: 1, pollFloorMs: 20 },
  streaming: { bytes: 2 * 1024 * 1024, rounds: 1 },
  platformRps: { rounds: 1, durationMs: 300, warmupMs: 50, connections: 2 },
  scale: { small: 20, large: 200, pageSize: 10, samples: 5 },
  conformance: { rounds: 1, only: ['auth.', 'submit.returns-id', 'status.values-in-enum'] },
  watchMany: {
    jobCounts: [20, 60],
    perJobPollingUpTo: 20,
    minDurationMs: 200,
    maxDurationMs: 600,
    pollIntervalMs: 50,
    requestsPerSecond: 50,
    submitConcurrency: 4,
  },
};

/** Everything one run measured. */
export interface SuiteResults {
  readonly startedAt: string;
  readonly wallSeconds: number;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly platform: string;
    /** 1-minute load average when the run started and when it ended: other work on a shared machine. */
    readonly loadAverage: { readonly start: number; readonly end: number };
  };
  readonly sizes: SuiteSizes;
  readonly benchmarks: {
    readonly callOverhead: CallOverheadFigures;
    readonly batch: BatchFigures;
    readonly waiting: WaitingFigures;
    readonly streaming: StreamingFigures;
    readonly platformRps: PlatformRpsFigures;
    readonly scale: ScaleFigures;
    readonly conformance: ConformanceFigures;
    readonly watchMany: WatchManyFigures;
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

async function withPlatform<T>(
  options: { maxFileBytes?: number },
  run: (platform: BenchPlatform) => Promise<T>,
): Promise<T> {
  const platform = await startPlatform(options);
  try {
    return await run(platform);
  } finally {
    await platform.stop();
  }
}

/** Runs the eight benchmarks; `onProgress` hears each one's name as it starts. */
export async function runSuite(
  sizes: SuiteSizes,
  onProgress: (name: string) => void = () => {},
): Promise<SuiteResults> {
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0] ?? 0;
  const started = now();
  onProgress('1. call overhead');
  const callOverhead = await withPlatform({}, (p) => runCallOverhead(p, sizes.callOverhead));
  onProgress('2. batch submission');
  const batch = await withPlatform({}, (p) => runBatch(p, sizes.batch));
  onProgress('3. waiting');
  const waiting = await withPlatform({}, (p) => runWaiting(p, sizes.waiting));
  onProgress('4. streaming');
  const streaming = await withPlatform({ maxFileBytes: sizes.streaming.bytes }, (p) =>
    runStreaming(p, sizes.streaming),
  );
  onProgress('5. platform requests per second');
  const platformRps = await withPlatform({}, (p) => runPlatformRps(p, sizes.platformRps));
  onProgress('6. scale');
  const scale = await withPlatform({}, (small) =>
    withPlatform({}, (large) => runScale(small, large, sizes.scale)),
  );
  onProgress('7. conformance suite');
  const conformance = await runConformanceBench(sizes.conformance);
  onProgress('8. many jobs: watchJobs against per-job polling');
  const watchMany = await withPlatform({}, (p) => runWatchMany(p, sizes.watchMany));
  const cpu = cpus();
  return {
    startedAt,
    wallSeconds: Math.round((now() - started) / 100) / 10,
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverage: { start: round2(loadAtStart), end: round2(loadavg()[0] ?? 0) },
    },
    sizes,
    benchmarks: { callOverhead, batch, waiting, streaming, platformRps, scale, conformance, watchMany },
  };
}

/**
 * Benchmark 8, many jobs: core `watchJobs` (statuses read in `listJobs` pages on one request budget) against
 * per-job polling (one core `watchJob` per job, push off, capped at 5% of the time waited), each watching
 * jobs of mixed durations that all start together. Each watcher runs in a process of its own
 * (`children/watcher.ts`), so its requests and its peak RSS are its own. Lateness is measured against the
 * platform's `finishedAt`; per-job polling runs only up to `perJobPollingUpTo` jobs (beyond, it would spend
 * more requests per second than the fake platform serves, and measure the platform).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { startChild } from '../child.js';
import { BENCH_API_KEY, type BenchPlatform } from '../platform.js';
import { median, quantile, ratio } from '../stats.js';

/** Sizes of benchmark 8. */
export interface WatchManySize {
  /** How many jobs each run watches. */
  readonly jobCounts: readonly number[];
  /** Per-job polling is measured for counts up to this one. */
  readonly perJobPollingUpTo: number;
  /** Job durations are spread over this range (deterministically). */
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
  /** `watchJobs`' round interval and the per-job polling floor: the lateness always allowed. */
  readonly pollIntervalMs: number;
  /** `watchJobs`' request budget. */
  readonly requestsPerSecond: number;
  /** Submits in flight while the jobs are created. */
  readonly submitConcurrency: number;
}

/** What one watcher did with one set of jobs. */
export interface WatcherFigures {
  readonly mode: 'watchJobs' | 'per-job-polling';
  readonly jobs: number;
  readonly requests: number;
  readonly requestsPerJob: number;
  readonly medianLatenessMs: number;
  readonly p95LatenessMs: number;
  readonly worstLatenessMs: number;
  /** Share of jobs noticed within 5% of their duration or one interval. */
  readonly withinBoundShare: number;
  /** Jobs reported with a status other than the platform's terminal state (must be 0). */
  readonly wrongStatuses: number;
  readonly unreachableEvents: number;
  readonly seconds: number;
  readonly peakAboveIdleMiB: number;
  readonly idleMiB: number;
  readonly peakReset: boolean;
}

/** The figures of benchmark 8. */
export interface WatchManyFigures {
  readonly pollIntervalMs: number;
  readonly requestsPerSecond: number;
  readonly durationRangeMs: readonly [number, number];
  readonly runs: ReadonlyArray<{
    readonly jobs: number;
    readonly watchJobs: WatcherFigures;
    readonly perJobPolling: WatcherFigures | undefined;
    /** watchJobs requests / per-job polling requests. */
    readonly requestRatio: number | undefined;
  }>;
  readonly target: {
    /** At the smallest count with both: ≤ 2% of the requests, every end within 5% or one interval. */
    readonly requestsAndLateness: boolean;
    /** Peak RSS above idle at the largest count ≤ 2× the one at the smallest. */
    readonly flatMemory: boolean;
  };
}

const PlatformJobSchema = z.looseObject({
  id: z.string(),
  state: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
const PageSchema = z.object({ jobs: z.array(PlatformJobSchema), nextCursor: z.string().nullable() });
const DoneSchema = z.looseObject({
  seconds: z.number(),
  requests: z.number(),
  unreachable: z.number(),
  noticed: z.record(z.string(), z.tuple([z.string(), z.number()])),
  idleRss: z.number(),
  peakAboveIdle: z.number(),
  peakReset: z.boolean(),
});
const STATUS_OF_STATE: Record<string, string> = {
  COMPLETED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};
const MiB = 1024 ** 2;

/** Creates `count` jobs of mixed durations that all start at the same moment, after every submit is done. */
async function submitJobs(platform: BenchPlatform, count: number, size: WatchManySize): Promise<string[]> {
  // Generous: on 2 shared cores the platform takes ~1–3 ms per submit.
  const startAt = Date.now() + count * 4 + 5_000;
  const span = size.maxDurationMs - size.minDurationMs;
  const ids: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const duration = size.minDurationMs + ((index * 7_919) % Math.max(1, span));
      const queue = Math.max(0, startAt - Date.now());
      const fails = index % 10 === 0 ? ' fail="planned"' : '';
      const job = await platform.submit(
        `# @fake queue=${queue}ms starting=0ms duration=${duration}ms${fails}`,
      );
      ids[index] = job.id;
    }
  };
  await Promise.all(Array.from({ length: size.submitConcurrency }, worker));
  return ids;
}

/** Every job's times, read page by page (bare fetch). */
async function jobTimes(platform: BenchPlatform, ids: ReadonlySet<string>) {
  const times = new Map<string, z.infer<typeof PlatformJobSchema>>();
  let cursor: string | null = null;
  do {
    const query = `limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(`${platform.url}/v1/jobs?${query}`, { headers: platform.auth });
    const page = PageSchema.parse(await response.json());
    for (const job of page.jobs) if (ids.has(job.id)) times.set(job.id, job);
    cursor = page.nextCursor;
  } while (cursor !== null && times.size < ids.size);
  return times;
}

async function measure(
  platform: BenchPlatform,
  mode: WatcherFigures['mode'],
  count: number,
  size: WatchManySize,
): Promise<WatcherFigures> {
  const ids = await submitJobs(platform, count, size);
  const folder = await mkdtemp(join(tmpdir(), 'neural-bench-watch-'));
  try {
    const idsFile = join(folder, 'ids.json');
    await writeFile(idsFile, JSON.stringify(ids));
    const child = await startChild('watcher', [
      JSON.stringify({
        mode,
        url: platform.url,
        apiKey: BENCH_API_KEY,
        idsFile,
        pollIntervalMs: size.pollIntervalMs,
        requestsPerSecond: size.requestsPerSecond,
      }),
    ]);
    const done = DoneSchema.parse(await child.finished());
    const times = await jobTimes(platform, new Set(ids));
    const lateness: number[] = [];
    let within = 0;
    let wrong = 0;
    for (const id of ids) {
      const job = times.get(id);
      const seen = done.noticed[id];
      if (!job?.finishedAt || !job.startedAt || !seen) {
        wrong++;
        continue;
      }
      const end = Date.parse(job.finishedAt);
      const duration = end - Date.parse(job.startedAt);
      const late = Math.max(0, seen[1] - end);
      lateness.push(late);
      if (late <= Math.max(0.05 * duration, size.pollIntervalMs)) within++;
      if (STATUS_OF_STATE[job.state] !== seen[0]) wrong++;
    }
    return {
      mode,
      jobs: count,
      requests: done.requests,
      requestsPerJob: ratio(done.requests, count),
      medianLatenessMs: Math.round(median(lateness)),
      p95LatenessMs: Math.round(quantile(lateness, 0.95)),
      worstLatenessMs: Math.round(Math.max(...lateness)),
      withinBoundShare: ratio(within, count),
      wrongStatuses: wrong,
      unreachableEvents: done.unreachable,
      seconds: Math.round(done.seconds * 10) / 10,
      peakAboveIdleMiB: Math.round((done.peakAboveIdle / MiB) * 10) / 10,
      idleMiB: Math.round((done.idleRss / MiB) * 10) / 10,
      peakReset: done.peakReset,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Runs benchmark 8 on `platform`: per count, per-job polling first (when measured), then `watchJobs`. */
export async function runWatchMany(platform: BenchPlatform, size: WatchManySize): Promise<WatchManyFigures> {
  const runs: Array<WatchManyFigures['runs'][number]> = [];
  for (const jobs of size.jobCounts) {
    const perJobPolling =
      jobs <= size.perJobPollingUpTo ? await measure(platform, 'per-job-polling', jobs, size) : undefined;
    const watched = await measure(platform, 'watchJobs', jobs, size);
    runs.push({
      jobs,
      watchJobs: watched,
      perJobPolling,
      requestRatio: perJobPolling ? ratio(watched.requests, perJobPolling.requests) : undefined,
    });
  }
  const compared = runs.find((run) => run.perJobPolling !== undefined);
  const smallest = runs[0];
  const largest = runs.at(-1);
  return {
    pollIntervalMs: size.pollIntervalMs,
    requestsPerSecond: size.requestsPerSecond,
    durationRangeMs: [size.minDurationMs, size.maxDurationMs],
    runs,
    target: {
      requestsAndLateness:
        compared !== undefined &&
        (compared.requestRatio ?? Number.POSITIVE_INFINITY) <= 0.02 &&
        compared.watchJobs.withinBoundShare === 1 &&
        compared.watchJobs.wrongStatuses === 0,
      flatMemory:
        smallest !== undefined &&
        largest !== undefined &&
        largest.watchJobs.peakAboveIdleMiB <= 2 * Math.max(1, smallest.watchJobs.peakAboveIdleMiB),
    },
  };
}

/**
 * Benchmark 3, waiting: how late each way of waiting notices that a job of known duration ended, and how
 * many requests it spends doing so. Four ways, on jobs of the same durations, run side by side:
 *
 * - subject: core `waitForCompletion` over `HttpConnector`, which claims `waitForStatusChange` and so waits
 *   on the platform's long-poll;
 * - capped: the same with `usePush: false`: polling whose delay is capped at 5% of the time waited;
 * - baseline: the seed's pattern, `getJobStatus` at a fixed interval (the seed's 30 s, scaled to the floor);
 * - long-poll: the platform's `GET /v1/jobs/{id}/wait?since=<state>` by bare fetch ({@link waitByLongPoll}),
 *   the floor of what any client can do.
 */
import { isTerminalStatus, systemClock, waitForCompletion } from '@neural/integrations-core';
import { z } from 'zod';
import { type BenchPlatform, countingFetch } from '../platform.js';
import { median, ratio } from '../stats.js';

/** Sizes of benchmark 3. */
export interface WaitingSize {
  /** Job durations (each job's whole life: no queueing or starting phase). */
  readonly durationsMs: readonly number[];
  /** Jobs per duration and per way of waiting. */
  readonly repetitions: number;
  /** The poll floor: `waitForCompletion`'s `pollIntervalMs` and the fixed interval of the seed pattern. */
  readonly pollFloorMs: number;
}

/** One way of waiting on one job. */
export interface WaitSample {
  readonly durationMs: number;
  /** Milliseconds between the platform's `finishedAt` and the moment the waiter saw the terminal state. */
  readonly latenessMs: number;
  /** Requests spent (the token exchange excluded). */
  readonly requests: number;
}

/** The figures of one way of waiting. */
export interface WaitFigures {
  readonly name: string;
  readonly medianLatenessMs: number;
  readonly worstLatenessMs: number;
  readonly medianLatenessShare: number;
  readonly worstLatenessShare: number;
  readonly medianRequests: number;
  readonly totalRequests: number;
  /** Whether every job was noticed within 5% of its duration or within one poll floor. */
  readonly withinBound: boolean;
  readonly byDuration: ReadonlyArray<{
    durationMs: number;
    medianLatenessMs: number;
    worstLatenessMs: number;
    medianRequests: number;
  }>;
}

/** The figures of benchmark 3. */
export interface WaitingFigures {
  readonly pollFloorMs: number;
  readonly durationsMs: readonly number[];
  readonly subject: WaitFigures;
  /** `waitForCompletion` with `usePush: false`: polling capped at 5% of the time waited. */
  readonly capped: WaitFigures;
  readonly fixedInterval: WaitFigures;
  readonly longPoll: WaitFigures;
  /** Subject requests / fixed-interval requests (total). */
  readonly requestRatio: number;
  /** Capped-polling requests / fixed-interval requests (total). */
  readonly cappedRequestRatio: number;
  readonly target: {
    readonly met: boolean;
    readonly cappedMeets: boolean;
    readonly longPollMeets: boolean;
  };
}

const JobTimesSchema = z.looseObject({
  state: z.string(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/**
 * Waits for a job through the platform's long-poll route: each request returns as soon as the state differs
 * from the last one seen (or after 30 s), so the end is seen as soon as it happens, with one request per
 * state change. This is what `waitForCompletion` could do if a connector could offer it (see the report).
 */
export async function waitByLongPoll(
  platform: BenchPlatform,
  jobId: string,
  signal?: AbortSignal,
): Promise<{ state: string; requests: number; noticedAt: number }> {
  let since: string | undefined;
  let requests = 0;
  for (;;) {
    const query = since === undefined ? '' : `?since=${since}&timeoutMs=30000`;
    const response = await fetch(`${platform.url}/v1/jobs/${encodeURIComponent(jobId)}/wait${query}`, {
      headers: { ...platform.auth, accept: 'application/json' },
      signal,
    });
    requests++;
    if (!response.ok) throw new Error(`wait answered ${response.status}: ${await response.text()}`);
    const job = JobTimesSchema.parse(await response.json());
    if (TERMINAL.has(job.state)) return { state: job.state, requests, noticedAt: Date.now() };
    since = job.state;
  }
}

function figures(name: string, samples: readonly WaitSample[], pollFloorMs: number): WaitFigures {
  const durations = [...new Set(samples.map((s) => s.durationMs))];
  return {
    name,
    medianLatenessMs: median(samples.map((s) => s.latenessMs)),
    worstLatenessMs: Math.max(...samples.map((s) => s.latenessMs)),
    medianLatenessShare: ratio(median(samples.map((s) => s.latenessMs / s.durationMs)), 1),
    worstLatenessShare: ratio(Math.max(...samples.map((s) => s.latenessMs / s.durationMs)), 1),
    medianRequests: median(samples.map((s) => s.requests)),
    totalRequests: samples.reduce((sum, s) => sum + s.requests, 0),
    withinBound: samples.every((s) => s.latenessMs <= Math.max(0.05 * s.durationMs, pollFloorMs)),
    byDuration: durations.map((durationMs) => {
      const mine = samples.filter((s) => s.durationMs === durationMs);
      return {
        durationMs,
        medianLatenessMs: median(mine.map((s) => s.latenessMs)),
        worstLatenessMs: Math.max(...mine.map((s) => s.latenessMs)),
        medianRequests: median(mine.map((s) => s.requests)),
      };
    }),
  };
}

/** Runs benchmark 3 on `platform`. All jobs run at once, so the benchmark takes about the longest duration. */
export async function runWaiting(platform: BenchPlatform, size: WaitingSize): Promise<WaitingFigures> {
  const finishedAt = async (jobId: string): Promise<{ end: number; duration: number }> => {
    const response = await fetch(`${platform.url}/v1/jobs/${encodeURIComponent(jobId)}`, {
      headers: platform.auth,
    });
    const job = JobTimesSchema.parse(await response.json());
    if (job.finishedAt === null) throw new Error(`job ${jobId} has no finishedAt`);
    const end = Date.parse(job.finishedAt);
    return { end, duration: end - Date.parse(job.createdAt) };
  };
  /** A connector of its own per waiter, so its request count is its own; the token is fetched beforehand. */
  const freshConnector = async () => {
    const counter = countingFetch();
    const connector = platform.connector({ fetch: counter.fetch });
    await connector.authenticate();
    const before = counter.count();
    return { connector, requests: () => counter.count() - before };
  };
  const code = (durationMs: number) =>
    `# @fake queue=0ms starting=0ms duration=${durationMs}ms\nprint("done")`;

  const subject = async (durationMs: number, usePush: boolean): Promise<WaitSample> => {
    const { connector, requests } = await freshConnector();
    const job = await platform.submit(code(durationMs));
    let noticedAt = 0;
    await waitForCompletion(connector, job.id, {
      usePush,
      pollIntervalMs: size.pollFloorMs,
      onStatus: (change) => {
        if (isTerminalStatus(change.status)) noticedAt = Date.now();
      },
    });
    // waitForCompletion also fetched the result once the end was seen; that request is part of its cost.
    const { end, duration } = await finishedAt(job.id);
    return { durationMs: duration, latenessMs: noticedAt - end, requests: requests() };
  };
  const fixedInterval = async (durationMs: number): Promise<WaitSample> => {
    const { connector, requests } = await freshConnector();
    const job = await platform.submit(code(durationMs));
    for (;;) {
      const status = await connector.getJobStatus(job.id);
      if (isTerminalStatus(status)) break;
      await systemClock.sleep(size.pollFloorMs);
    }
    const noticedAt = Date.now();
    await connector.getJobResult(job.id); // the seed fetches the result too
    const { end, duration } = await finishedAt(job.id);
    return { durationMs: duration, latenessMs: noticedAt - end, requests: requests() };
  };
  const longPoll = async (durationMs: number): Promise<WaitSample> => {
    const job = await platform.submit(code(durationMs));
    const waited = await waitByLongPoll(platform, job.id);
    const { end, duration } = await finishedAt(job.id);
    return { durationMs: duration, latenessMs: waited.noticedAt - end, requests: waited.requests + 1 };
  };

  const runs: Array<Promise<[string, WaitSample]>> = [];
  for (const durationMs of size.durationsMs) {
    for (let i = 0; i < size.repetitions; i++) {
      runs.push(subject(durationMs, true).then((s) => ['subject', s]));
      runs.push(subject(durationMs, false).then((s) => ['capped', s]));
      runs.push(fixedInterval(durationMs).then((s) => ['fixed', s]));
      runs.push(longPoll(durationMs).then((s) => ['longPoll', s]));
    }
  }
  const samples = await Promise.all(runs);
  const of = (name: string) => samples.filter(([n]) => n === name).map(([, s]) => s);
  const subjectFigures = figures(
    'waitForCompletion (long-poll via waitForStatusChange)',
    of('subject'),
    size.pollFloorMs,
  );
  const cappedFigures = figures(
    'waitForCompletion, usePush: false (polling capped at 5%)',
    of('capped'),
    size.pollFloorMs,
  );
  const fixedFigures = figures('seed pattern: fixed-interval getJobStatus', of('fixed'), size.pollFloorMs);
  const longPollFigures = figures(
    'long-poll GET /v1/jobs/{id}/wait (direct)',
    of('longPoll'),
    size.pollFloorMs,
  );
  const requestRatio = ratio(subjectFigures.totalRequests, fixedFigures.totalRequests);
  const cappedRequestRatio = ratio(cappedFigures.totalRequests, fixedFigures.totalRequests);
  return {
    pollFloorMs: size.pollFloorMs,
    durationsMs: size.durationsMs,
    subject: subjectFigures,
    capped: cappedFigures,
    fixedInterval: fixedFigures,
    longPoll: longPollFigures,
    requestRatio,
    cappedRequestRatio,
    target: {
      met: subjectFigures.withinBound && subjectFigures.totalRequests < fixedFigures.totalRequests,
      cappedMeets: cappedFigures.withinBound && cappedFigures.totalRequests < fixedFigures.totalRequests,
      longPollMeets:
        longPollFigures.withinBound && longPollFigures.totalRequests < fixedFigures.totalRequests,
    },
  };
}

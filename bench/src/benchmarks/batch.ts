/**
 * Benchmark 2, batch submission: core `batchSubmitJobs` over `HttpConnector` (5 000 jobs, concurrency 32)
 * against the same number of bare `fetch` POSTs at the same concurrency, and against the seed's pattern
 * (`submitJob` one after another through the same connector).
 */
import { randomUUID } from 'node:crypto';
import { batchSubmitJobs } from '@neural/integrations-core';
import type { BenchPlatform } from '../platform.js';
import { interleave, median, now, ratio } from '../stats.js';

/** Sizes of benchmark 2. */
export interface BatchSize {
  readonly rounds: number;
  readonly jobs: number;
  readonly concurrency: number;
  /** Jobs submitted one after another per round (the seed's pattern); its throughput is per job, so it scales. */
  readonly sequentialJobs: number;
}

/** The figures of benchmark 2 (jobs per second, medians over rounds). */
export interface BatchFigures {
  readonly jobs: number;
  readonly concurrency: number;
  readonly subjectJobsPerSecond: number;
  readonly bareJobsPerSecond: number;
  readonly sequentialJobsPerSecond: number;
  /** How many jobs the sequential pattern submitted per round, and its time extrapolated to `jobs`. */
  readonly sequentialJobsMeasured: number;
  readonly sequentialSecondsFor5000Extrapolated: number;
  /** Median of the per-round ratios (each round's subject against the bare run next to it). */
  readonly throughputRatioToBare: number;
  /** Median subject throughput over median bare throughput (differs from the above when rounds are noisy). */
  readonly ratioOfMedians: number;
  /** Every round's throughputs (jobs per second), in run order. */
  readonly perRound: { readonly subject: number[]; readonly bare: number[]; readonly sequential: number[] };
  readonly speedupOverSequential: number;
  readonly failures: number;
  readonly target: { readonly minRatioToBare: number; readonly met: boolean };
}

/** Jobs submitted through `batchSubmitJobs` before measuring (the bare path warms with one round of its own). */
export const warmupJobs = (size: BatchSize): number => Math.min(size.jobs, 1000);

const CODE = '# @fake duration=1s\nprint("batch")';

/** The JSON body `HttpConnector.submitJob` sends for a job named `batch-template`. */
async function captureSubmitBody(platform: BenchPlatform): Promise<string> {
  let captured: string | undefined;
  const connector = platform.connector({
    fetch: (input, init) => {
      if (typeof init?.body === 'string' && String(input).endsWith('/v1/jobs')) captured = init.body;
      return fetch(input, init);
    },
  });
  await connector.submitJob({ code: CODE, jobName: 'batch-template' });
  if (!captured?.includes('"batch-template"')) throw new Error('could not capture the submit body');
  return captured;
}

/** Runs benchmark 2 on `platform`. */
export async function runBatch(platform: BenchPlatform, size: BatchSize): Promise<BatchFigures> {
  const connector = platform.connector();
  await connector.authenticate();
  const requests = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ code: CODE, jobName: `batch-${i}` }));
  let failures = 0;

  const subject = async () => {
    const jobs = requests(size.jobs);
    const started = now();
    const result = await batchSubmitJobs(connector, jobs, { concurrency: size.concurrency });
    const seconds = (now() - started) / 1000;
    failures += result.failures.length;
    return size.jobs / seconds;
  };
  // The bare POSTs send the very body the connector sends (captured from it), so the platform does the
  // same work for both; only the name differs per job, as it does for the connector's jobs.
  const template = await captureSubmitBody(platform);
  const bare = async () => {
    let next = 0;
    const body = (i: number) => template.replace('"batch-template"', JSON.stringify(`batch-${i}`));
    const worker = async () => {
      while (next < size.jobs) {
        const i = next++;
        const response = await fetch(`${platform.url}/v1/jobs`, {
          method: 'POST',
          headers: { ...platform.auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: body(i),
        });
        const job = JSON.parse(await response.text()) as { id?: unknown };
        if (response.status !== 201 || typeof job.id !== 'string') failures++;
      }
    };
    const started = now();
    await Promise.all(Array.from({ length: size.concurrency }, worker));
    return size.jobs / ((now() - started) / 1000);
  };
  const sequential = async () => {
    const started = now();
    for (const job of requests(size.sequentialJobs)) {
      try {
        await connector.submitJob(job);
      } catch {
        failures++;
      }
    }
    return size.sequentialJobs / ((now() - started) / 1000);
  };

  // Warm both paths before anything is kept: a cold first batch (JIT, connection pool, heap growth) ran at
  // a third of its steady speed, which says nothing about a long-running client.
  await batchSubmitJobs(connector, requests(warmupJobs(size)), { concurrency: size.concurrency });
  await bare();
  const rounds = await interleave(size.rounds, { subject, bare, sequential });
  const perRoundRatios = rounds.subject.map((value, i) => value / (rounds.bare[i] as number));
  const throughputRatioToBare = ratio(median(perRoundRatios), 1);
  const sequentialJobsPerSecond = median(rounds.sequential);
  return {
    jobs: size.jobs,
    concurrency: size.concurrency,
    subjectJobsPerSecond: Math.round(median(rounds.subject)),
    bareJobsPerSecond: Math.round(median(rounds.bare)),
    sequentialJobsPerSecond: Math.round(sequentialJobsPerSecond),
    sequentialJobsMeasured: size.sequentialJobs,
    sequentialSecondsFor5000Extrapolated: Math.round((5000 / sequentialJobsPerSecond) * 100) / 100,
    throughputRatioToBare,
    ratioOfMedians: ratio(median(rounds.subject), median(rounds.bare)),
    perRound: {
      subject: rounds.subject.map(Math.round),
      bare: rounds.bare.map(Math.round),
      sequential: rounds.sequential.map(Math.round),
    },
    speedupOverSequential: ratio(median(rounds.subject), sequentialJobsPerSecond),
    failures,
    target: { minRatioToBare: 0.85, met: throughputRatioToBare >= 0.85 && failures === 0 },
  };
}

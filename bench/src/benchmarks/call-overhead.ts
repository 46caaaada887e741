/**
 * Benchmark 1, call overhead: `HttpConnector.getJobStatus` against a bare `fetch` of the same URL with the
 * same JSON parsing, one call at a time against the standalone fake platform (its own process).
 */
import type { BenchPlatform } from '../platform.js';
import { interleave, median, now, ratio, type Summary, summarize } from '../stats.js';

/** Sizes of benchmark 1. */
export interface CallOverheadSize {
  readonly rounds: number;
  readonly callsPerRound: number;
}

/** The figures of benchmark 1 (milliseconds per call). */
export interface CallOverheadFigures {
  readonly subject: Summary;
  readonly baseline: Summary;
  /** Median of the per-round median ratios. */
  readonly medianRatio: number;
  readonly p95Ratio: number;
  readonly target: { readonly maxMedianRatio: number; readonly met: boolean };
}

/** Runs benchmark 1 on `platform`. */
export async function runCallOverhead(
  platform: BenchPlatform,
  size: CallOverheadSize,
): Promise<CallOverheadFigures> {
  const job = await platform.submit('# @fake forever');
  const connector = platform.connector();
  await connector.authenticate();
  const url = `${platform.url}/v1/jobs/${encodeURIComponent(job.id)}`;
  const headers = { ...platform.auth, accept: 'application/json' };

  const timeCalls = async (call: () => Promise<unknown>): Promise<number[]> => {
    const samples: number[] = [];
    for (let i = 0; i < size.callsPerRound; i++) {
      const started = now();
      await call();
      samples.push(now() - started);
    }
    return samples;
  };
  const bare = async () => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`bare GET answered ${response.status}`);
    return JSON.parse(await response.text()) as unknown;
  };
  // Warm both paths (connections, JIT) before anything is kept.
  await timeCalls(() => connector.getJobStatus(job.id));
  await timeCalls(bare);
  const rounds = await interleave(size.rounds, {
    subject: () => timeCalls(() => connector.getJobStatus(job.id)),
    baseline: () => timeCalls(bare),
  });
  const subject = rounds.subject.flat();
  const baseline = rounds.baseline.flat();
  const perRound = rounds.subject.map(
    (samples, i) => median(samples) / median(rounds.baseline[i] as number[]),
  );
  const medianRatio = ratio(median(perRound), 1);
  return {
    subject: summarize(subject),
    baseline: summarize(baseline),
    medianRatio,
    p95Ratio: ratio(summarize(subject).p95, summarize(baseline).p95),
    target: { maxMedianRatio: 1.15, met: medianRatio <= 1.15 },
  };
}

/**
 * Benchmark 5, the fake platform itself: requests per second of its standalone server on `GET /v1/jobs/{id}`,
 * against a bare `node:http` server answering the same JSON bytes, each loaded by the same small load
 * generator running in a third process (`children/load.ts`).
 */
import { z } from 'zod';
import { startChild } from '../child.js';
import type { BenchPlatform } from '../platform.js';
import { interleave, median, ratio } from '../stats.js';

/** Sizes of benchmark 5. */
export interface PlatformRpsSize {
  readonly rounds: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly connections: number;
}

/** The figures of benchmark 5. */
export interface PlatformRpsFigures {
  readonly connections: number;
  readonly secondsPerRound: number;
  readonly platformRps: number;
  readonly bareRps: number;
  readonly ratioToBare: number;
  readonly failedResponses: number;
}

const LoadDoneSchema = z.object({ rps: z.number(), ok: z.number(), failed: z.number() });

/** Runs benchmark 5 against `platform` and a bare server started here. */
export async function runPlatformRps(
  platform: BenchPlatform,
  size: PlatformRpsSize,
): Promise<PlatformRpsFigures> {
  const job = await platform.submit('# @fake forever');
  const path = `/v1/jobs/${encodeURIComponent(job.id)}`;
  const jobJson = await (await fetch(`${platform.url}${path}`, { headers: platform.auth })).text();
  const bare = await startChild('bare-server', [jobJson]);
  let failed = 0;
  try {
    const load = async (url: string, headers: Record<string, string>) => {
      const child = await startChild('load', [
        JSON.stringify({
          url,
          headers,
          connections: size.connections,
          durationMs: size.durationMs,
          warmupMs: size.warmupMs,
        }),
      ]);
      const done = LoadDoneSchema.parse(await child.finished());
      failed += done.failed;
      if (done.ok === 0) throw new Error(`no successful response from ${url}`);
      return done.rps;
    };
    const bareUrl = z.string().parse(bare.ready.url);
    const rounds = await interleave(size.rounds, {
      platform: () => load(`${platform.url}${path}`, platform.auth),
      bare: () => load(`${bareUrl}${path}`, {}),
    });
    return {
      connections: size.connections,
      secondsPerRound: size.durationMs / 1000,
      platformRps: Math.round(median(rounds.platform)),
      bareRps: Math.round(median(rounds.bare)),
      ratioToBare: ratio(median(rounds.platform.map((rps, i) => rps / (rounds.bare[i] as number))), 1),
      failedResponses: failed,
    };
  } finally {
    await bare.stop();
  }
}

/**
 * Benchmark 4, streaming: `HttpConnector.uploadFile` / `downloadFile` of one large file against a bare
 * streaming `fetch` of the same bytes, each transfer in a fresh child process (peak RSS above its idle RSS),
 * the platform in another (it keeps files in memory; its memory is not the client's).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { startChild } from '../child.js';
import { BENCH_API_KEY, type BenchPlatform } from '../platform.js';
import { interleave, median, ratio } from '../stats.js';

/** Sizes of benchmark 4. */
export interface StreamingSize {
  readonly bytes: number;
  readonly rounds: number;
}

const DoneSchema = z.object({
  seconds: z.number().positive(),
  idleRss: z.number(),
  peakRss: z.number(),
  peakAboveIdle: z.number(),
  peakReset: z.boolean(),
});

/** One direction's figures (MiB/s and MiB). */
export interface DirectionFigures {
  readonly subjectMiBps: number;
  readonly bareMiBps: number;
  /** Median of the per-round ratios (each subject transfer against the bare one next to it). */
  readonly throughputRatio: number;
  /** Median subject throughput over median bare throughput. */
  readonly ratioOfMedians: number;
  /** Every round's throughputs (MiB/s), in run order. */
  readonly perRound: { readonly subject: number[]; readonly bare: number[] };
  /** Worst over rounds of peak RSS above idle. */
  readonly subjectPeakAboveIdleMiB: number;
  readonly barePeakAboveIdleMiB: number;
}

/** The figures of benchmark 4. */
export interface StreamingFigures {
  readonly bytes: number;
  readonly rounds: number;
  readonly upload: DirectionFigures;
  readonly download: DirectionFigures;
  /** How the peak was measured: `clear_refs` (the transfer's own peak) or `maxRSS` (since process start). */
  readonly peakMethod: string;
  readonly target: {
    readonly maxPeakAboveIdleMiB: number;
    readonly minThroughputRatio: number;
    readonly met: boolean;
  };
}

const MiB = 1024 * 1024;

/** Writes `bytes` of incompressible data to `path` (1 MiB of random bytes, repeated). */
async function writeTestFile(path: string, bytes: number): Promise<void> {
  const block = randomBytes(Math.min(MiB, bytes));
  const out = createWriteStream(path);
  for (let written = 0; written < bytes; written += block.length) {
    const chunk = written + block.length <= bytes ? block : block.subarray(0, bytes - written);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** Runs benchmark 4 on `platform` (which must accept files of `size.bytes`). */
export async function runStreaming(platform: BenchPlatform, size: StreamingSize): Promise<StreamingFigures> {
  const folder = await mkdtemp(join(tmpdir(), 'neural-bench-'));
  let peakMethod = 'clear_refs';
  try {
    const source = join(folder, 'source.bin');
    await writeTestFile(source, size.bytes);
    const transfer = async (mode: string, localPath: string, remotePath: string) => {
      const child = await startChild('transfer', [
        JSON.stringify({
          mode,
          url: platform.url,
          apiKey: BENCH_API_KEY,
          token: platform.token,
          localPath,
          remotePath,
        }),
      ]);
      const done = DoneSchema.parse(await child.finished());
      if (!done.peakReset) peakMethod = 'maxRSS';
      if (mode.endsWith('download') && (await stat(localPath)).size !== size.bytes) {
        throw new Error(`${mode} wrote ${(await stat(localPath)).size} bytes, not ${size.bytes}`);
      }
      if (mode.endsWith('download')) await rm(localPath, { force: true });
      return { MiBps: size.bytes / MiB / done.seconds, peakMiB: done.peakAboveIdle / MiB };
    };
    const uploads = await interleave(size.rounds, {
      subject: () => transfer('connector-upload', source, 'bench/connector.bin'),
      bare: () => transfer('bare-upload', source, 'bench/bare.bin'),
    });
    const downloads = await interleave(size.rounds, {
      subject: () =>
        transfer('connector-download', join(folder, 'down-connector.bin'), 'bench/connector.bin'),
      bare: () => transfer('bare-download', join(folder, 'down-bare.bin'), 'bench/connector.bin'),
    });
    const direction = (rounds: typeof uploads): DirectionFigures => ({
      subjectMiBps: Math.round(median(rounds.subject.map((r) => r.MiBps))),
      bareMiBps: Math.round(median(rounds.bare.map((r) => r.MiBps))),
      throughputRatio: ratio(
        median(rounds.subject.map((r, i) => r.MiBps / (rounds.bare[i]?.MiBps ?? Number.NaN))),
        1,
      ),
      ratioOfMedians: ratio(
        median(rounds.subject.map((r) => r.MiBps)),
        median(rounds.bare.map((r) => r.MiBps)),
      ),
      perRound: {
        subject: rounds.subject.map((r) => Math.round(r.MiBps)),
        bare: rounds.bare.map((r) => Math.round(r.MiBps)),
      },
      subjectPeakAboveIdleMiB: Math.round(Math.max(...rounds.subject.map((r) => r.peakMiB)) * 10) / 10,
      barePeakAboveIdleMiB: Math.round(Math.max(...rounds.bare.map((r) => r.peakMiB)) * 10) / 10,
    });
    const upload = direction(uploads);
    const download = direction(downloads);
    const met = [upload, download].every((d) => d.subjectPeakAboveIdleMiB < 64 && d.throughputRatio >= 0.8);
    return {
      bytes: size.bytes,
      rounds: size.rounds,
      upload,
      download,
      peakMethod,
      target: { maxPeakAboveIdleMiB: 64, minThroughputRatio: 0.8, met },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

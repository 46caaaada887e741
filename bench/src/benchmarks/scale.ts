/**
 * Benchmark 6, scale: latency of the first and of the last page of `GET /v1/jobs` with 1 000 and with
 * 100 000 jobs on the platform (seeded straight into its model, no HTTP). The first page is read through
 * `HttpConnector.listJobs`; the last one needs the platform's cursor, which the connector does not expose,
 * so it is read with a bare fetch of the cursor found by walking the pages once.
 */
import { z } from 'zod';
import type { BenchPlatform } from '../platform.js';
import { interleave, median, now, ratio } from '../stats.js';

/** Sizes of benchmark 6. */
export interface ScaleSize {
  readonly small: number;
  readonly large: number;
  readonly pageSize: number;
  readonly samples: number;
}

/** Page latencies (median ms) at one job count. */
export interface ScalePoint {
  readonly jobs: number;
  readonly firstPageMs: number;
  readonly lastPageMs: number;
  readonly firstPageConnectorMs: number;
}

/** The figures of benchmark 6. */
export interface ScaleFigures {
  readonly pageSize: number;
  readonly small: ScalePoint;
  readonly large: ScalePoint;
  readonly firstPageRatio: number;
  readonly lastPageRatio: number;
  readonly seedSeconds: number;
  readonly target: { readonly maxRatio: number; readonly met: boolean };
}

const PageSchema = z.object({
  jobs: z.array(z.looseObject({ id: z.string() })),
  nextCursor: z.string().nullable(),
});

/**
 * Runs benchmark 6 on two fresh platforms, seeded with `size.small` and `size.large` jobs, measured in
 * interleaved rounds so neither count gets the warmer process or the quieter moment.
 */
export async function runScale(
  small: BenchPlatform,
  large: BenchPlatform,
  size: ScaleSize,
): Promise<ScaleFigures> {
  const seedStarted = now();
  const prepared = await Promise.all([prepare(small, size.small, size), prepare(large, size.large, size)]);
  const seedSeconds = (now() - seedStarted) / 1000;
  const [smallProbe, largeProbe] = prepared as [Probe, Probe];
  const rounds = 5;
  const perRound = Math.max(1, Math.ceil(size.samples / rounds));
  for (const probe of prepared) await probe.sample(perRound); // warm-up, not kept
  const kept = await interleave(rounds, {
    small: () => smallProbe.sample(perRound),
    large: () => largeProbe.sample(perRound),
  });
  const point = (jobs: number, samples: Samples[]): ScalePoint => ({
    jobs,
    firstPageMs: round(median(samples.flatMap((s) => s.first))),
    lastPageMs: round(median(samples.flatMap((s) => s.last))),
    firstPageConnectorMs: round(median(samples.flatMap((s) => s.connector))),
  });
  const smallPoint = point(size.small, kept.small);
  const largePoint = point(size.large, kept.large);
  const firstPageRatio = ratio(largePoint.firstPageMs, smallPoint.firstPageMs);
  const lastPageRatio = ratio(largePoint.lastPageMs, smallPoint.lastPageMs);
  return {
    pageSize: size.pageSize,
    small: smallPoint,
    large: largePoint,
    firstPageRatio,
    lastPageRatio,
    seedSeconds: round(seedSeconds),
    target: { maxRatio: 2, met: firstPageRatio <= 2 && lastPageRatio <= 2 },
  };
}

interface Samples {
  first: number[];
  last: number[];
  connector: number[];
}

interface Probe {
  sample(count: number): Promise<Samples>;
}

/** Seeds `platform` to `jobs` jobs, finds its last page's cursor, and returns a sampler of page latencies. */
async function prepare(platform: BenchPlatform, jobs: number, size: ScaleSize): Promise<Probe> {
  const { jobCount } = z
    .object({ jobCount: z.number() })
    .parse(await platform.child.request({ type: 'jobCount' }));
  if (jobCount !== 0) throw new Error(`the scale benchmark needs a fresh platform (it has ${jobCount} jobs)`);
  await platform.child.request({ type: 'seed', count: jobs, code: '# @fake forever\nprint(1)' });
  const connector = platform.connector();
  await connector.authenticate();
  const page = async (cursor?: string) => {
    const query = `limit=${size.pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(`${platform.url}/v1/jobs?${query}`, { headers: platform.auth });
    if (!response.ok) throw new Error(`list answered ${response.status}`);
    return PageSchema.parse(JSON.parse(await response.text()));
  };
  // The cursor of the last page, found by walking every page once with the largest page size (not timed).
  let cursor: string | undefined;
  let lastCursor: string | undefined;
  let walked = 0;
  for (;;) {
    const response = await fetch(
      `${platform.url}/v1/jobs?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { headers: platform.auth },
    );
    const next = PageSchema.parse(await response.json());
    walked += next.jobs.length;
    if (next.nextCursor === null) break;
    cursor = next.nextCursor;
  }
  if (walked !== jobs) throw new Error(`walked ${walked} jobs, expected ${jobs}`);
  // The last page of `pageSize` jobs starts below the newest `jobs - lastPageJobs` jobs; find it by paging.
  cursor = undefined;
  const pages = Math.ceil(jobs / size.pageSize);
  if (pages > 1) {
    // Walk with pageSize-sized pages only as far as the last page's cursor (bounded: at most `pages` calls).
    for (let i = 1; i < pages; i++) {
      const next = await page(cursor);
      if (next.nextCursor === null) break;
      cursor = next.nextCursor;
      lastCursor = cursor;
    }
  }
  return {
    async sample(count) {
      const samples: Samples = { first: [], last: [], connector: [] };
      for (let i = 0; i < count; i++) {
        let started = now();
        const first = await page();
        samples.first.push(now() - started);
        started = now();
        const last = await page(lastCursor);
        samples.last.push(now() - started);
        if (first.jobs.length === 0 || last.jobs.length === 0 || last.nextCursor !== null) {
          throw new Error('a measured page was empty or the last page was not the last');
        }
        started = now();
        await connector.listJobs({ limit: size.pageSize });
        samples.connector.push(now() - started);
      }
      return samples;
    },
  };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

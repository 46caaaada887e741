/**
 * `pnpm bench`: runs the seven benchmarks at full size, prints the table and writes
 * `bench/results/latest.json`. `--smoke` runs the tiny sizes instead (and writes nothing unless `--out`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ROOT } from './child.js';
import { formatReport } from './report.js';
import { FULL_SIZES, runSuite, SMOKE_SIZES } from './suite.js';

const { values } = parseArgs({
  options: { smoke: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const out = values.out
  ? resolve(values.out)
  : values.smoke
    ? undefined
    : join(BENCH_ROOT, 'results', 'latest.json');
const results = await runSuite(values.smoke ? SMOKE_SIZES : FULL_SIZES, (name) =>
  console.error(`[bench] ${new Date().toISOString().slice(11, 19)} ${name}`),
);
console.log(formatReport(results));
if (out) {
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  console.error(`[bench] wrote ${out}`);
}

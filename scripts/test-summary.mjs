// Prints the end of `pnpm test`: per package, how many tests passed, failed and were skipped, then every
// skipped test with its reason and every failure, from the <package>/.test-report.json files that
// scripts/vitest-report.mjs wrote (scripts/test.sh deletes them before the run, turbo restores a cached task's).
// A package with tests but no report is listed too: its test task did not run (or crashed before the end).
//
//   node scripts/test-summary.mjs [package folder…]   (default: every workspace package that runs vitest)
// Exits 1 when a report shows a failure or a file that did not load, 0 otherwise.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const REPORT_FILE = '.test-report.json';

/** Every workspace package whose `test` script runs vitest: its name and folder. */
function packagesWithTests() {
  const found = [];
  for (const group of ['packages', 'tests', 'examples', '.']) {
    const base = join(root, group);
    const dirs = group === '.' ? ['bench'] : existsSync(base) ? readdirSync(base) : [];
    for (const dir of dirs) {
      const manifest = join(base, dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (typeof pkg.scripts?.test === 'string' && pkg.scripts.test.includes('vitest')) {
        found.push({ name: pkg.name, dir: join(base, dir) });
      }
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

const requested = process.argv.slice(2).map((dir) => resolve(dir));
const packages = packagesWithTests().filter((p) => requested.length === 0 || requested.includes(p.dir));
const reports = packages
  .filter((p) => existsSync(join(p.dir, REPORT_FILE)))
  .map((p) => JSON.parse(readFileSync(join(p.dir, REPORT_FILE), 'utf8')));

const rows = reports.map((r) => [
  r.package,
  String(r.passed),
  String(r.failed + r.brokenFiles.length),
  String(r.skipped),
]);
const header = ['package', 'passed', 'failed', 'skipped'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');

const out = [];
out.push('', '── Test summary ──', line(header));
for (const row of rows) out.push(line(row));
const total = reports.reduce(
  (sum, r) => ({
    passed: sum.passed + r.passed,
    failed: sum.failed + r.failed + r.brokenFiles.length,
    skipped: sum.skipped + r.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
out.push(line(['total', String(total.passed), String(total.failed), String(total.skipped)]));

const reported = new Set(reports.map((r) => r.package));
const missing = packages.map((p) => p.name).filter((name) => !reported.has(name));
if (missing.length > 0)
  out.push('', `No report (the test task did not run to the end): ${missing.join(', ')}`);

const skipped = reports.flatMap((r) => r.skippedTests.map((t) => ({ ...t, package: r.package })));
if (skipped.length > 0) {
  out.push('', `Skipped (${skipped.length}):`);
  for (const t of skipped) out.push(`  ${t.package} ${t.file} › ${t.name}`, `      reason: ${t.reason}`);
}
const failures = reports.flatMap((r) => [
  ...r.brokenFiles.map((f) => `  ${r.package} ${f.file}: did not load: ${f.error}`),
  ...r.failedTests.map((t) => `  ${r.package} ${t.file} › ${t.name}`),
  ...r.unhandledErrors.map((e) => `  ${r.package}: unhandled error: ${e}`),
]);
if (failures.length > 0) out.push('', `Failed (${failures.length}):`, ...failures);
out.push('');
process.stdout.write(out.join('\n'));
process.exitCode = total.failed > 0 || reports.some((r) => r.unhandledErrors.length > 0) ? 1 : 0;

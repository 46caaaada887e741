import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_CLAUSES } from '../src/index.js';

interface AssertionResult {
  fullName: string;
  title: string;
  status: string;
  failureMessages: string[];
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('describeConformance (vitest adapter)', { timeout: 60_000 }, () => {
  it('registers one test per clause: failures fail, clauses that do not apply show as skipped, never passed', async () => {
    const output = join(tmpdir(), `conformance-adapter-${process.pid}.json`);
    const vitest = join(packageDir, 'node_modules', 'vitest', 'vitest.mjs');
    await promisify(execFile)(
      process.execPath,
      [
        vitest,
        'run',
        '--config',
        'test/fixtures/vitest.adapter.config.ts',
        '--reporter=json',
        `--outputFile=${output}`,
      ],
      { cwd: packageDir },
    ).catch((error: { code?: number }) => {
      // One suite is meant to fail, so vitest exits 1; anything else is a broken run.
      if (error.code !== 1) throw error;
    });
    const results: AssertionResult[] = JSON.parse(await readFile(output, 'utf8')).testResults.flatMap(
      (file: { assertionResults: AssertionResult[] }) => file.assertionResults,
    );
    await rm(output, { force: true });

    const reference = results.filter((r) => r.fullName.startsWith('conformance: in-memory reference'));
    expect(reference).toHaveLength(CONFORMANCE_CLAUSES.length);
    const status = (id: string, among = reference) => among.find((r) => r.title.startsWith(`${id}:`))?.status;
    expect(status('logs.follow-yields-output')).toBe('skipped');
    expect(status('submit.idempotency-key')).toBe('skipped');
    expect(status('files.round-trip')).toBe('skipped');
    expect(status('optional.unclaimed-not-supported')).toBe('passed');
    expect(reference.filter((r) => r.status === 'failed')).toEqual([]);

    const broken = results.filter((r) => r.fullName.startsWith('conformance: limit ignored'));
    expect(broken.map((r) => [r.title.split(':')[0], r.status])).toEqual([
      ['list.includes-new-job', 'passed'],
      ['list.honours-limit', 'failed'],
      ['list.honours-status-filter', 'passed'],
      ['list.rejects-invalid-options', 'passed'],
      ['list.filters-every-status', 'passed'],
    ]);
    expect(broken[1]?.failureMessages[0]).toContain('[list.honours-limit] expected exactly 1 job(s)');
  });

  it('keeps vitest out of the root entry, so the runner works under any test runner', async () => {
    const sources = await Promise.all(
      ['index.ts', 'runner.ts', 'context.ts', 'target.ts', 'reporters.ts', 'cli.ts'].map((file) =>
        readFile(join(packageDir, 'src', file), 'utf8'),
      ),
    );
    for (const source of sources) expect(source).not.toMatch(/from 'vitest'/);
  });
});

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { CONFORMANCE_CLAUSES } from '../src/index.js';
import { assertWellFormedXml } from './support/xml.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

// Loading a TypeScript module through jiti takes a few seconds the first time (it compiles and caches).
describe('neural-conformance', { timeout: 30_000 }, () => {
  it('loads a TypeScript target without a build step and exits 0 when every clause that applies passes', async () => {
    const { code, out } = await run(fixture('reference.target.ts'), '--only', 'auth.,submit.returns-id');
    expect(code).toBe(0);
    expect(out).toContain('✓ auth.valid-credentials');
    expect(out).toContain('4 passed, 0 failed, 0 skipped of 4 clauses');
  });

  it('exits 1 and names the broken clause, expected, actual and call when a clause fails', async () => {
    const { code, out } = await run(fixture('broken.target.ts'), '--only', 'list.honours-limit');
    expect(code).toBe(1);
    expect(out).toContain('✗ list.honours-limit');
    expect(out).toContain('expected: exactly 1 job(s) (at least 3 exist)');
    expect(out).toContain('call:     connector.listJobs({ limit: 1 })');
  });

  it('writes a JSON report', async () => {
    const { code, out } = await run(fixture('reference.target.ts'), '--reporter', 'json', '--only', 'auth.');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.summary).toEqual({ passed: 3, failed: 0, skipped: 0, total: 3 });
  });

  it('writes JUnit XML that parses, with failures, skips and escaped names', async () => {
    const { code, out } = await run(
      fixture('broken.target.ts'),
      '--reporter',
      'junit',
      '--only',
      'list.honours-limit,auth.valid-credentials',
    );
    expect(code).toBe(1);
    assertWellFormedXml(out);
    expect(out).toContain(
      '<testsuite name="conformance: limit &lt;ignored&gt; &amp; &quot;quoted&quot;" tests="2" failures="1" errors="0" skipped="0"',
    );
    expect(out).toMatch(/<failure message="\[list\.honours-limit\] expected exactly 1/);

    const followLogs = CONFORMANCE_CLAUSES.find((clause) => clause.requires?.includes('followLogs'));
    const skipped = await run(
      fixture('required-only.target.ts'),
      '-r',
      'junit',
      '--only',
      `${followLogs?.id}`,
    );
    expect(skipped.code).toBe(0);
    assertWellFormedXml(skipped.out);
    expect(skipped.out).toContain('skipped="1"');
    expect(skipped.out).toContain(
      '<skipped message="the connector does not claim capabilities.followLogs"/>',
    );
  });

  it('honours --skip', async () => {
    const { out } = await run(
      fixture('reference.target.ts'),
      '--reporter',
      'json',
      '--only',
      'auth.',
      '--skip',
      'auth.invalid-credentials',
    );
    expect(JSON.parse(out).clauses.map((c: { id: string }) => c.id)).toEqual([
      'auth.valid-credentials',
      'auth.refused-by-every-call',
    ]);
  });

  it('exits 2 with a clear message for bad usage, an unknown clause or a module that is not a target', async () => {
    expect((await run()).code).toBe(2);
    expect((await run(fixture('reference.target.ts'), '--reporter', 'tap')).err).toContain(
      'Unknown reporter "tap"',
    );
    const unknown = await run(fixture('reference.target.ts'), '--only', 'auth.nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('"auth.nope" names no clause');
    const notTarget = await run(fixture('not-a-target.ts'));
    expect(notTarget.code).toBe(2);
    expect(notTarget.err).toContain('create: must be a function');
  });
});

describe('neural-conformance never echoes a refused argument', { timeout: 60_000 }, () => {
  it('a key typed as the module, a flag, a reporter, a clause id or a number does not reach the output', async () => {
    const secretKey = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'),
      minLength: 41,
      maxLength: 200,
    });
    const target = fixture('reference.target.ts');
    await fc.assert(
      fc.asyncProperty(
        secretKey,
        fc.constantFrom(
          (key: string) => [key],
          (key: string) => [target, `--${key}`],
          (key: string) => [target, '--reporter', key],
          (key: string) => [target, '--only', key],
          (key: string) => [target, '--stall-notice', key],
        ),
        async (secret, argv) => {
          const { code, out, err } = await run(...argv(secret));
          expect(code).toBe(2);
          for (let i = 0; i + 12 <= secret.length; i++) {
            expect(err).not.toContain(secret.slice(i, i + 12));
            expect(out).not.toContain(secret.slice(i, i + 12));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('the built bin', { timeout: 30_000 }, () => {
  const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  // The test command builds this package before testing it; run alone, the test builds what it needs.
  beforeAll(() => {
    if (!existsSync(bin)) {
      execFileSync('npx', ['tsup'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'pipe' });
    }
  }, 120_000);
  const ownVersion = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
  it('reports the suite version from package.json in the ESM and the CJS build', async () => {
    const dist = fileURLToPath(new URL('../dist/', import.meta.url));
    const esm = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(`${dist}index.js`)}); console.log(m.conformanceSuiteVersion());`,
    ]);
    const cjs = await promisify(execFile)(process.execPath, [
      '-e',
      `console.log(require(${JSON.stringify(`${dist}index.cjs`)}).conformanceSuiteVersion());`,
    ]);
    expect(esm.stdout.trim()).toBe(ownVersion);
    expect(cjs.stdout.trim()).toBe(ownVersion);
  });
  it('runs from dist with a node shebang and exits with the verdict', async () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const failing = await promisify(execFile)(process.execPath, [
      bin,
      fixture('broken.target.ts'),
      '--only',
      'list.honours-limit',
    ]).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failing ? failing.code : 0).toBe(1);
    expect(failing.stdout).toContain('✗ list.honours-limit');
  });
});

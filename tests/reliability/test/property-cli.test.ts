/**
 * Bad input, everywhere (command lines): the two bins, spawned with generated arguments, either start (or
 * run) or exit 2 with a message naming the flag; never crash with a stack trace, never exit otherwise.
 * `parseCliArgs`/`runCli` are not exported by @neural/fake-platform, so the built bins are what is tested.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED, runs } from './support/properties.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  started: boolean;
}

/** Runs a bin; once stdout shows `readyText`, the process is asked to stop (it started, which is the verdict). */
function runBin(bin: string, args: string[], env: NodeJS.ProcessEnv = {}, readyText?: string): Promise<Exit> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${bin} ${JSON.stringify(args)} neither started nor exited in 30 s`));
    }, 30_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (readyText && !started && stdout.includes(readyText)) {
        started = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, started });
    });
  });
}

/** Runs `cases` a few at a time: each one is a process, and two cores are all a CI runner may have. */
async function inBatches<T>(cases: readonly T[], size: number, check: (value: T) => Promise<void>) {
  for (let i = 0; i < cases.length; i += size) await Promise.all(cases.slice(i, i + size).map(check));
}

const looksLikeACrash = /^\s+at .+:\d+:\d+\)?$/m;

describe('neural-fake-platform arguments', () => {
  const bin = join(repo, 'packages/fake-platform/dist/cli.js');
  const flag = fc.oneof(
    fc.constant(['--port', '0']),
    fc.constantFrom('abc', '-1', '70000', '1.5', '', ' ', '0x10', '1e3').map((v) => ['--port', v]),
    fc.constantFrom('127.0.0.1', '').map((v) => ['--host', v]),
    fc.oneof(fc.string({ maxLength: 12 }), fc.constant('valid-key-0123456')).map((v) => ['--api-key', v]),
    fc.constantFrom('0', '0.5', '1', '2', '-0.1', 'NaN', 'Infinity', 'x').map((v) => ['--fault-rate', v]),
    fc.constantFrom('0', '5', '-5', '60001', '1.5', '').map((v) => ['--latency-ms', v]),
    fc.constantFrom('1', '42', '-3', '1.5', 'seed').map((v) => ['--seed', v]),
    fc.constantFrom('1000', '0', '-1', 'forever').map((v) => ['--token-ttl-ms', v]),
    fc.constant(['--enable-control']),
    fc.constant(['--enable-control=yes']),
    fc.constantFrom('--bogus', '--', '-x', 'positional', '--port').map((v) => [v]),
  );
  const argv = fc.array(flag, { maxLength: 4 }).map((flags) => [...flags.flat()]);

  it('starts, or exits 2 naming the bad flag; never a crash', async () => {
    // Always bind a free port unless the case is about --port: two cases must not fight over 8080.
    const cases = fc
      .sample(argv, { numRuns: runs(12), seed: FC_SEED })
      .map((args) => (args.includes('--port') ? args : [...args, '--port', '0']));
    let startedCount = 0;
    let refusedCount = 0;
    await inBatches(cases, 6, async (args) => {
      const exit = await runBin(bin, args, {}, 'listening on');
      const what = `neural-fake-platform ${JSON.stringify(args)}: exit ${exit.code}, stderr ${exit.stderr}`;
      expect(exit.stderr, what).not.toMatch(looksLikeACrash);
      if (exit.started) {
        startedCount++;
        expect(exit.code, what).toBe(0);
        return;
      }
      refusedCount++;
      expect(exit.code, what).toBe(2);
      // InvalidParameterError's message: the subject, then one "- field: rule" line per issue.
      expect(exit.stderr, what).toMatch(/Invalid command line:\n\s+- (--[a-z-]+|argv): /);
      expect(exit.stderr, what).toContain('Usage: neural-fake-platform');
    });
    expect(startedCount).toBeGreaterThan(2);
    expect(refusedCount).toBeGreaterThan(2);
  });
});

describe('neural-conformance arguments', () => {
  const bin = join(repo, 'packages/connector-conformance/dist/cli.js');
  const target = join(here, 'support/leak-target.ts');
  const part = fc.oneof(
    fc.constantFrom(['--reporter', 'json'], ['--reporter', 'junit'], ['--reporter', 'text'], ['-r', 'json']),
    fc.constantFrom('xml', '', 'JSON').map((v) => ['--reporter', v]),
    fc.constantFrom('auth.', 'auth.,submit.', 'no-such-clause', '', ',,,').map((v) => ['--only', v]),
    fc.constantFrom('auth.', 'everything', '').map((v) => ['--skip', v]),
    fc.constantFrom('--bogus', '--reporter', '-h', 'extra-positional').map((v) => [v]),
  );
  const argv = fc.tuple(
    fc.constantFrom(target, join(here, 'support/no-such-target.ts'), here, ''),
    fc.array(part, { maxLength: 3 }),
  );

  it('runs, or exits 2 with the usage or the reason; never a crash', async () => {
    const cases = fc.sample(argv, { numRuns: runs(8), seed: FC_SEED }).map(([module, parts]) =>
      // Keep real runs short: the suite is narrowed to the auth clauses unless the case narrows it itself.
      [
        ...(module ? [module] : []),
        ...parts.flat(),
        ...(parts.some((p) => p[0] === '--only') ? [] : ['--only', 'auth.']),
      ],
    );
    const codes = new Set<number | null>();
    await inBatches(cases, 4, async (args) => {
      const exit = await runBin(bin, args, { NEURAL_LEAK_CANARY: 'sk-cli-property-key' });
      const what = `neural-conformance ${JSON.stringify(args)}: exit ${exit.code}, stderr ${exit.stderr}`;
      codes.add(exit.code);
      expect([0, 1, 2], what).toContain(exit.code);
      expect(exit.stderr, what).not.toMatch(looksLikeACrash);
      if (exit.code === 2)
        expect(exit.stderr, what).toMatch(/Usage: neural-conformance|neural-conformance: .+/);
    });
    expect(codes.has(2), 'some cases were refused').toBe(true);
    expect(codes.has(0) || codes.has(1), 'some cases ran').toBe(true);
  });
});

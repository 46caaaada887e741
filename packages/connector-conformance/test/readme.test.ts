import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeExamples, runReadmeExample } from '@neural/test-support';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('the README', { timeout: 30_000 }, () => {
  it('starts with a target that `neural-conformance` runs to a passing report', async () => {
    const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toContain('defineConformanceTarget');
    // The example imports the published name; point it at the source so the test needs no build.
    const source = (code ?? '').replace(
      "'@neural/connector-conformance'",
      `'${join(packageDir, 'src', 'index.ts')}'`,
    );
    const dir = await mkdtemp(join(packageDir, 'test', '.readme-'));
    try {
      await writeFile(join(dir, 'target.ts'), source);
      let out = '';
      const exitCode = await main([join(dir, 'target.ts')], {
        out: (text) => (out += text),
        err: () => undefined,
      });
      expect(out).toContain('47 passed, 0 failed, 3 skipped of 50 clauses');
      expect(exitCode).toBe(0);
      expect(readme).toContain('47 passed, 0 failed, 3 skipped of 50 clauses');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs its manual-clock example: jobs of minutes judged at once, every clause passing', async () => {
    const examples = await readmeExamples(new URL('../README.md', import.meta.url));
    const onClock = examples.find((code) => code.includes('createManualClock'));
    const source = (onClock ?? '').replace(
      "'@neural/connector-conformance'",
      `'${join(packageDir, 'src', 'index.ts')}'`,
    );
    const { logs } = await runReadmeExample(source, new URL('.', import.meta.url));
    expect(logs).toEqual([[expect.stringMatching(/^\d+ passed, 0 failed in \d+ ms$/)]]);
    const [passed, , durationMs] = (String(logs[0]?.[0]).match(/\d+/g) ?? []).map(Number);
    expect(passed).toBeGreaterThan(0);
    // Five and a half minutes a job, on the clock: far longer than the test may take.
    expect(durationMs).toBeGreaterThan(330_000);
  });

  it('runs its chaos example to a clean batch: every job once, none lost', async () => {
    const examples = await readmeExamples(new URL('../README.md', import.meta.url));
    const chaos = examples.find((code) => code.includes('runJournaledBatch'));
    expect(chaos).toContain("from '@neural/connector-conformance/chaos'");
    const source = (chaos ?? '').replace(
      "'@neural/connector-conformance/chaos'",
      `'${join(packageDir, 'src', 'chaos', 'index.ts')}'`,
    );
    const { logs } = await runReadmeExample(source, new URL('.', import.meta.url));
    expect(logs).toEqual([['20 jobs, none lost, none made twice']]);
  });
});

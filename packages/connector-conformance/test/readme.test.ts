import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
      expect(out).toContain('42 passed, 0 failed, 3 skipped of 45 clauses');
      expect(exitCode).toBe(0);
      expect(readme).toContain('42 passed, 0 failed, 3 skipped of 45 clauses');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

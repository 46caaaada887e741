import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * A third-party connector may bundle or install its own copy of this package. The built ESM and CJS files
 * are two such copies: separate module instances with separate classes, as two installed copies would be.
 */
const distEsm = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const distCjs = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Whether a build output is missing, or older than a source file. */
function distIsStale(): boolean {
  if (!existsSync(distEsm) || !existsSync(distCjs)) return true;
  const built = Math.min(statSync(distEsm).mtimeMs, statSync(distCjs).mtimeMs);
  const sources = readdirSync(join(packageDir, 'src'), { recursive: true, encoding: 'utf8' });
  return sources.some((file) => statSync(join(packageDir, 'src', file)).mtimeMs > built);
}

describe('two copies of the package in one process', () => {
  // The test needs the built files, and builds them when they are missing or stale, rather than skipping
  // (the test command builds first, so this only runs when the test is run on its own).
  beforeAll(() => {
    if (distIsStale()) execFileSync('npx', ['tsup'], { cwd: packageDir, stdio: 'pipe' });
  }, 120_000);

  it('recognise each other’s errors with isInstance, where instanceof fails', async () => {
    const esm = (await import(distEsm)) as typeof import('../src/index.js');
    const cjs = createRequire(import.meta.url)(distCjs) as typeof import('../src/index.js');
    expect(esm.CloudException).not.toBe(cjs.CloudException);

    const fromCjs = new cjs.JobNotFoundError('job-1');
    expect(fromCjs instanceof esm.JobNotFoundError).toBe(false);
    expect(fromCjs instanceof esm.CloudException).toBe(false);
    expect(esm.JobNotFoundError.isInstance(fromCjs)).toBe(true);
    expect(esm.CloudException.isInstance(fromCjs)).toBe(true);
    expect(esm.RateLimitError.isInstance(fromCjs)).toBe(false);

    const fromEsm = new esm.RateLimitError('slow', { retryAfterMs: 10 });
    expect(cjs.RateLimitError.isInstance(fromEsm)).toBe(true);
    expect(cjs.isRetryableError(fromEsm)).toBe(true);
    expect(fromEsm.name).toBe('RateLimitError');
  });

  it('accept each other’s ResourceConfig by revalidating it', async () => {
    const esm = (await import(distEsm)) as typeof import('../src/index.js');
    const cjs = createRequire(import.meta.url)(distCjs) as typeof import('../src/index.js');
    const config = new cjs.ResourceConfig({ gpuEnabled: true, gpuCount: 2 });
    const parsed = esm.parseSubmitJobRequest({ code: 'x', resourceConfig: config as never });
    expect(parsed.resourceConfig.gpuCount).toBe(2);
  });
});

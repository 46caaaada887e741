import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * A third-party connector may bundle or install its own copy of this package. The built ESM and CJS files
 * are two such copies: separate module instances with separate classes, as two installed copies would be.
 */
const distEsm = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const distCjs = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

describe.skipIf(!existsSync(distEsm) || !existsSync(distCjs))(
  'two copies of the package in one process',
  () => {
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
  },
);

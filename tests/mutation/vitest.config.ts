import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));

/** The connectors named in NEURAL_MUTATION_CONNECTORS (comma-separated), or all of them. */
function connectorNames(): string[] {
  const names = (process.env.NEURAL_MUTATION_CONNECTORS ?? '').split(',').filter(Boolean);
  return names.length > 0 ? names : ['mock', 'http'];
}

/**
 * The conformance suite alone against the reference connectors, all three packages read from their sources:
 * Stryker mutates the sources (in its sandbox copy), so a run through `dist/` would never meet a mutant, and
 * the clauses are the ones in the checkout, not the last build.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: [
      {
        find: /^@neural\/connector-conformance\/vitest$/,
        replacement: source('connector-conformance/src/vitest.ts'),
      },
      { find: /^@neural\/connector-conformance$/, replacement: source('connector-conformance/src/index.ts') },
      { find: /^@neural\/connector-mock$/, replacement: source('connector-mock/src/index.ts') },
      { find: /^@neural\/connector-http$/, replacement: source('connector-http/src/index.ts') },
    ],
  },
  test: {
    // `pnpm mutation mock` (or `http`) runs that connector's conformance run only (see stryker.config.mjs).
    include: connectorNames().map((name) => `test/${name}.conformance.ts`),
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});

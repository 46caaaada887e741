import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // typedoc and the TypeScript compiler each build whole programs; on a busy two-core machine that takes
    // tens of seconds, far from vitest's 5 s default.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

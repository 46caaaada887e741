import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each whole-suite run takes about a second alone; on a loaded two-core machine several share the CPU.
    testTimeout: 30_000,
  },
});

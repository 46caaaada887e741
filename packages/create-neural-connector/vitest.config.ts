import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end test installs, builds and tests a generated package: minutes, not seconds, on 2 cores.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});

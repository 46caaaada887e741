import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The README's examples import the package by name; in tests that name means this source.
    alias: { '@neural/integrations-core': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    // Generous: CI runs every package's tests at once on two cores. Tests drive their own clocks, so a
    // higher limit never slows a passing test down.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    include: ['test/**/*.test.ts'],
  },
});

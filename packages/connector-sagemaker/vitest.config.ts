import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The README imports the package by name; its example runs against the source.
    alias: {
      '@neural/connector-sagemaker/fake': fileURLToPath(new URL('./src/fake/index.ts', import.meta.url)),
      '@neural/connector-sagemaker': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    // Generous: CI runs every package's tests at once on two cores. Tests drive their own clocks, so a
    // higher limit never slows a passing test down.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    include: ['test/**/*.test.ts'],
  },
});

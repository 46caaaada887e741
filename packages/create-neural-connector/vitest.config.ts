import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.base.js';

export default defineConfig(
  vitestConfig({
    // The end-to-end test installs, builds and tests a generated package: minutes, not seconds, on 2 cores.
    test: { testTimeout: 300_000, hookTimeout: 300_000 },
  }),
);

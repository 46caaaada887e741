import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.base.js';

export default defineConfig(
  vitestConfig({
    // typedoc and the TypeScript compiler each build whole programs; on a busy two-core machine that takes
    // tens of seconds, far from vitest's 5 s default.
    test: { testTimeout: 120_000, hookTimeout: 120_000 },
  }),
);

import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.base.js';

export default defineConfig(
  vitestConfig({
    test: {
      // Building the image (esbuild bundle + rootfs + FROM scratch build) once, before any test file runs.
      globalSetup: ['test/global-setup.ts'],
      hookTimeout: 60_000,
    },
  }),
);

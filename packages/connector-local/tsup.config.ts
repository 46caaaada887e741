import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    // The CJS build needs import.meta.url to find the supervisor beside it.
    shims: true,
    target: 'node20',
  },
  {
    // The detached supervisor that runs one job: spawned as `node dist/runner.js <jobDir>`, never imported.
    entry: ['src/runner.ts'],
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);

import { defineConfig } from 'tsup';

// Written out in full, not taken from the Neural repository's shared preset: the package this template makes
// lives outside that repository, so it can import nothing from it.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});

import { defineConfig } from 'tsup';

// ESM only: log-update and cli-spinners are ESM-only, and a command line has no CommonJS consumers.
export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
});

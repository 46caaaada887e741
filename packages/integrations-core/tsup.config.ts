import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', http: 'src/http/index.ts' },
  // One copy of the shared modules (the error classes) for both entries, in CommonJS too.
  splitting: true,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Error classes that refer to themselves would otherwise be renamed (`_InvalidParameterError`) in the bundle.
  keepNames: true,
});

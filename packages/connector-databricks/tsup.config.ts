import { defineConfig } from 'tsup';

export default defineConfig({
  // The fake is a subpath of its own, so the connector never loads msw.
  entry: { index: 'src/index.ts', 'fake/index': 'src/fake/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});

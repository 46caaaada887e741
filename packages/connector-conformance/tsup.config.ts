import { defineConfig } from 'tsup';
import { executableBuild, libraryBuild } from '../../tsup.preset.js';

export default defineConfig([
  libraryBuild({
    entry: { index: 'src/index.ts', chaos: 'src/chaos/index.ts' },
    // Not cleaned: the bin is written into dist/ at the same time.
    clean: false,
    // The suite reads its version from its package.json relative to import.meta.url, in the CJS build too.
    shims: true,
  }),
  // ESM only: Vitest refuses to be loaded with require(), so a CommonJS build of this entry could never load.
  libraryBuild({
    entry: { vitest: 'src/vitest.ts' },
    format: ['esm'],
    clean: false,
    external: ['vitest'],
  }),
  executableBuild({ entry: { cli: 'src/bin.ts' } }),
]);

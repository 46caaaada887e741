import { defineConfig } from 'tsup';
import { executableBuild, libraryBuild } from '../../tsup.preset.js';

export default defineConfig([
  libraryBuild({
    entry: { index: 'src/index.ts', vitest: 'src/vitest.ts', chaos: 'src/chaos/index.ts' },
    // Not cleaned: the bin is written into dist/ at the same time.
    clean: false,
    external: ['vitest'],
    // The suite reads its version from its package.json relative to import.meta.url, in the CJS build too.
    shims: true,
  }),
  executableBuild({ entry: { cli: 'src/bin.ts' } }),
]);

import { defineConfig } from 'tsup';
import { executableBuild, libraryBuild } from '../../tsup.preset.js';

export default defineConfig([
  // Not cleaned: both builds write into dist/ at once.
  libraryBuild({ entry: ['src/index.ts', 'src/directives.ts'], clean: false }),
  executableBuild({ entry: { cli: 'src/cli.ts' } }),
]);

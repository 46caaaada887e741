import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.preset.js';

export default defineConfig(
  libraryBuild({
    // One build for the library and the bin, so they share one chunk; the bin keeps its own shebang line.
    entry: ['src/index.ts', 'src/bin.ts'],
    // ESM only: log-update and cli-spinners are ESM-only, and a command line has no CommonJS consumers.
    format: ['esm'],
    dts: { entry: 'src/index.ts' },
  }),
);

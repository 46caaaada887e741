import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.preset.js';

export default defineConfig(
  libraryBuild({
    entry: { index: 'src/index.ts', http: 'src/http/index.ts' },
    // One copy of the shared modules (the error classes) for both entries, in CommonJS too.
    splitting: true,
    // Error classes that refer to themselves would otherwise be renamed (`_InvalidParameterError`) in the bundle.
    keepNames: true,
  }),
);

import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.preset.js';

export default defineConfig(
  libraryBuild({
    entry: {
      // The root, ./http and ./testing run on every runtime (no `node:` import); ./node holds what needs Node.js.
      index: 'src/index.ts',
      http: 'src/http/index.ts',
      node: 'src/node/index.ts',
      testing: 'src/testing/index.ts',
    },
    // One copy of the shared modules (the error classes) for every entry, in CommonJS too.
    splitting: true,
    // Error classes that refer to themselves would otherwise be renamed (`_InvalidParameterError`) in the bundle.
    keepNames: true,
  }),
);

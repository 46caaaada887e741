import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.preset.js';

export default defineConfig(
  libraryBuild({
    entry: {
      // The root and ./http for every runtime (no `node:` import), and each again with the deprecated names
      // that moved to ./node and ./testing, which Node.js resolves (the `node` export condition) for this release.
      index: 'src/index.ts',
      'index-node': 'src/index-node.ts',
      http: 'src/http/index.ts',
      'http-node': 'src/http/index-node.ts',
      node: 'src/node/index.ts',
      testing: 'src/testing/index.ts',
    },
    // One copy of the shared modules (the error classes) for every entry, in CommonJS too.
    splitting: true,
    // Error classes that refer to themselves would otherwise be renamed (`_InvalidParameterError`) in the bundle.
    keepNames: true,
  }),
);

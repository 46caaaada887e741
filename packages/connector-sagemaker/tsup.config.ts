import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.preset.js';

export default defineConfig(
  // The fake is a subpath of its own, so the connector never loads msw.
  libraryBuild({ entry: { index: 'src/index.ts', fake: 'src/fake/index.ts' } }),
);

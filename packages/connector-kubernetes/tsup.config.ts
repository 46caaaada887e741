import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.preset.js';

// Two entries: the connector, and the fake Kubernetes API at the `./fake` subpath.
export default defineConfig(libraryBuild({ entry: { index: 'src/index.ts', fake: 'src/fake/index.ts' } }));

import { defineConfig } from 'tsup';
import { executableBuild, libraryBuild } from '../../tsup.preset.js';

export default defineConfig([
  // The CJS build needs import.meta.url (it finds the templates beside it) shimmed.
  libraryBuild({ entry: ['src/index.ts'], shims: true }),
  executableBuild({ entry: ['src/cli.ts'] }),
]);

import { defineConfig } from 'tsup';
import { executableBuild, libraryBuild } from '../../tsup.preset.js';

export default defineConfig([
  // The CJS build needs import.meta.url to find the supervisor beside it.
  libraryBuild({ entry: ['src/index.ts'], shims: true }),
  // The detached supervisor that runs one job: spawned as `node dist/runner.js <jobDir>`, never imported.
  executableBuild({ entry: ['src/runner.ts'], shebang: false }),
]);

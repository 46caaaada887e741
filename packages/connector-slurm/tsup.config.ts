import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.preset.js';

export default defineConfig(libraryBuild({ entry: ['src/index.ts'] }));

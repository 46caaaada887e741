import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.preset.js';

export default defineConfig(
  libraryBuild({
    entry: ['src/index.ts'],
    // The CJS build needs import.meta.url (to resolve @neural/fake-platform) shimmed.
    shims: true,
  }),
);

import { defineConfig } from 'vitest/config';
import { ownSourceAlias, vitestConfig } from '../../vitest.base.js';

// The README's examples import the package by name; in tests that name (and each subpath) means this source.
export default defineConfig(
  vitestConfig(
    ownSourceAlias('@neural/integrations-core', new URL('./src/index.ts', import.meta.url), {
      http: new URL('./src/http/index.ts', import.meta.url),
      node: new URL('./src/node/index.ts', import.meta.url),
      testing: new URL('./src/testing/index.ts', import.meta.url),
    }),
  ),
);

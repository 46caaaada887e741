import { defineConfig } from 'vitest/config';
import { ownSourceAlias, vitestConfig } from '../../vitest.base.js';

// The README's examples import the package by name; in tests that name means this source (the root as Node.js
// resolves it, with the deprecated names, until they are removed).
export default defineConfig(
  vitestConfig(
    ownSourceAlias('@neural/integrations-core', new URL('./src/index-node.ts', import.meta.url), {
      http: new URL('./src/http/index-node.ts', import.meta.url),
      node: new URL('./src/node/index.ts', import.meta.url),
      testing: new URL('./src/testing/index.ts', import.meta.url),
    }),
  ),
);

import { defineConfig } from 'vitest/config';
import { ownSourceAlias, vitestConfig } from '../../vitest.base.js';

// The README's examples import the package by name; in tests that name means this source.
export default defineConfig(
  vitestConfig(ownSourceAlias('@neural/integrations-core', new URL('./src/index.ts', import.meta.url))),
);

import { defineConfig } from 'vitest/config';
import { ownSourceAlias, vitestConfig } from '../../vitest.base.js';

// The README imports the package and its fake by name; its example runs against the source.
export default defineConfig(
  vitestConfig(
    ownSourceAlias('@neural/connector-sagemaker', new URL('./src/index.ts', import.meta.url), {
      fake: new URL('./src/fake/index.ts', import.meta.url),
    }),
  ),
);

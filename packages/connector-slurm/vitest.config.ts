import { defineConfig } from 'vitest/config';
import { ownSourceAlias, vitestConfig } from '../../vitest.base.js';

// The README imports the package by name; its example runs against the source.
export default defineConfig(
  vitestConfig(ownSourceAlias('@neural/connector-slurm', new URL('./src/index.ts', import.meta.url))),
);

import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.base.js';

export default defineConfig(vitestConfig({ test: { testTimeout: 120_000, hookTimeout: 60_000 } }));

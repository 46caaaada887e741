import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.base.js';

// The first run fetches each Node from the npm registry; later runs use npx's cache.
export default defineConfig(vitestConfig({ test: { testTimeout: 180_000 } }));

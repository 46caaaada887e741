import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.base.js';

// Each whole-suite run takes about a second alone; on a loaded two-core machine several share the CPU.
export default defineConfig(vitestConfig());

import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../vitest.base.js';

// The smoke runs start real processes (servers, load, transfers); the base's 30 s per test is generous on a
// loaded machine, while the whole suite stays well under 30 s.
export default defineConfig(vitestConfig());

import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.base.js';

export default defineConfig(
  vitestConfig({
    // The terminal tests start real processes (tmux, the built CLI, a fake platform server).
    test: { testTimeout: 60_000, hookTimeout: 60_000 },
  }),
);

import { defineConfig } from 'vitest/config';

// The smoke runs start real processes (servers, load, transfers): generous per-test time on a loaded machine,
// while the whole suite stays well under 30 s.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
});

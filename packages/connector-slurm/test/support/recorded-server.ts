import { rmSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createRecordedCluster } from './recorded-cluster.js';

/** The recorded cluster a test talks to: its jobs, its workdir and every request it saw. */
export type RecordedCluster = ReturnType<typeof createRecordedCluster>;

/**
 * Registers the hooks a test file of the recorded slurmrestd needs: one msw server for the file (an unhandled
 * request fails the test), and a fresh recorded cluster per test, its workdir removed afterwards. `cluster()`
 * is a getter because each test gets its own; `server.use()` adds a test's own handlers in front.
 */
export function useRecordedCluster(): {
  server: ReturnType<typeof setupServer>;
  cluster: () => RecordedCluster;
} {
  const server = setupServer();
  let current: RecordedCluster | undefined;
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    current = createRecordedCluster();
    server.use(...current.handlers);
  });
  afterEach(() => {
    server.resetHandlers();
    if (current) rmSync(current.workdir, { recursive: true, force: true });
    current = undefined;
  });
  afterAll(() => server.close());
  const cluster = (): RecordedCluster => {
    if (!current) throw new Error('the recorded cluster exists only while a test runs');
    return current;
  };
  return { server, cluster };
}

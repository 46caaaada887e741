/** An in-process fake workspace on a manual clock, and connectors signed in to it. */
import { createManualClock, type ManualClock } from '@neural/integrations-core/testing';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createFakeDatabricks,
  type FakeDatabricks,
  type FakeDatabricksOptions,
} from '../../src/fake/index.js';
import { DatabricksConnector, type DatabricksConnectorOptions } from '../../src/index.js';

export interface TestWorkspace {
  readonly fake: FakeDatabricks;
  /** The MSW server, for a test that swaps in a handler of its own (reset after each test). */
  readonly server: SetupServer;
  readonly clock: ManualClock;
  /** A connector with the personal access token. */
  pat(options?: DatabricksConnectorOptions): DatabricksConnector;
  /** A connector with the OAuth service principal. */
  oauth(options?: DatabricksConnectorOptions): DatabricksConnector;
}

/** Starts MSW with a fresh fake for the file's tests (one per file: MSW patches the global fetch). */
export function useFakeWorkspace(options: Omit<FakeDatabricksOptions, 'clock'> = {}): TestWorkspace {
  const clock = createManualClock();
  const fake = createFakeDatabricks({ ...options, clock });
  const server = setupServer(...fake.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const base = { clock, retry: { initialDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 } };
  return {
    fake,
    server,
    clock,
    pat: (extra = {}) => new DatabricksConnector(fake.patCredentials, { ...base, ...extra }),
    oauth: (extra = {}) => new DatabricksConnector(fake.oauthCredentials, { ...base, ...extra }),
  };
}

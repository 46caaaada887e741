import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { HttpConnector, type HttpConnectorOptions } from '../../src/index.js';
import { API_KEY, BASE, createMiniPlatform } from './mini-platform.js';

/** Starts the mini platform under MSW for the calling test file; fresh state after every test. */
export function useMiniPlatform(platformOptions: { tokenTtlSeconds?: number } = {}) {
  const platform = createMiniPlatform(platformOptions);
  const server = setupServer(...platform.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    platform.reset();
  });
  afterAll(() => server.close());
  const connect = (options: HttpConnectorOptions = {}, apiKey = API_KEY) =>
    new HttpConnector(
      { apiKey, endpoint: BASE },
      { retry: { initialDelayMs: 1, maxDelayMs: 4 }, ...options },
    );
  return { platform, server, connect };
}

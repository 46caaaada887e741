import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createFakePlatform } from '../src/index.js';
import { describePlatformApi } from './api-suite.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describePlatformApi('in-process, msw setupServer', async (options) => {
  const platform = createFakePlatform(options);
  server.resetHandlers(...platform.handlers);
  return {
    url: platform.url,
    apiKey: platform.apiKey,
    model: platform.model,
    close: async () => {
      platform.model.dispose();
      server.resetHandlers();
    },
  };
});

import { startFakePlatformServer } from '../src/index.js';
import { describePlatformApi } from './api-suite.js';

describePlatformApi('over a socket, startFakePlatformServer', async (options) => {
  const server = await startFakePlatformServer({ ...options, port: 0 });
  return { url: server.url, apiKey: server.apiKey, model: server.model, close: () => server.close() };
});

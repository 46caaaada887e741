import { ConnectorRegistry } from '@neural/integrations-core';
import { expect, it } from 'vitest';
import { connectorRegistration, HttpConnector } from '../src/index.js';

it('registers under "http" and validates credentials like the constructor', async () => {
  const registry = new ConnectorRegistry().register(
    connectorRegistration.kind,
    connectorRegistration.factory,
  );
  const connector = await registry.create(
    'http',
    { apiKey: 'k', endpoint: 'http://127.0.0.1:1' },
    { timeoutMs: 100 },
  );
  expect(connector).toBeInstanceOf(HttpConnector);
  expect(connectorRegistration.kind).toBe('http');
  await expect(registry.create('http', { apiKey: 'k' })).rejects.toThrow(/endpoint/);
});

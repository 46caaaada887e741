import { ConnectorRegistry } from '@neural/integrations-core';
import { expect, it } from 'vitest';
import { connectorRegistration, MockConnector } from '../src/index.js';

it('registers under "mock" and makes a MockConnector from plain credentials and options', async () => {
  const registry = new ConnectorRegistry().register(
    connectorRegistration.kind,
    connectorRegistration.factory,
  );
  const connector = await registry.create(
    'mock',
    { apiKey: 'right' },
    { acceptApiKey: 'right', durationMs: 5 },
  );
  expect(connector).toBeInstanceOf(MockConnector);
  expect(connectorRegistration.kind).toBe('mock');
  expect(await connector.authenticate()).toBe(true);
  await expect(registry.create('mock', {}, { durationMs: -1 })).rejects.toThrow(/durationMs/);
});

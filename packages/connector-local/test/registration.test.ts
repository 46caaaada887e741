import { ConnectorRegistry } from '@neural/integrations-core';
import { expect, it } from 'vitest';
import { connectorRegistration, LocalConnector } from '../src/index.js';

it('registers under "local", makes a LocalConnector from options and refuses credentials', async () => {
  const registry = new ConnectorRegistry().register(
    connectorRegistration.kind,
    connectorRegistration.factory,
  );
  const connector = await registry.create(
    'local',
    {},
    { root: '/tmp/neural-registration-test', interpreter: ['node'] },
  );
  expect(connector).toBeInstanceOf(LocalConnector);
  expect((connector as LocalConnector).root).toBe('/tmp/neural-registration-test');
  await expect(registry.create('local', { apiKey: 'x' })).rejects.toThrow(
    /credentials.apiKey: the local connector takes no credentials/,
  );
});

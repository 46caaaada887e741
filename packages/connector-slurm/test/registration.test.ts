import { ConnectorRegistry } from '@neural/integrations-core';
import { expect, it } from 'vitest';
import { connectorRegistration, SlurmConnector } from '../src/index.js';

it('registers under "slurm" and validates credentials like the constructor', async () => {
  const registry = new ConnectorRegistry().register(
    connectorRegistration.kind,
    connectorRegistration.factory,
  );
  const connector = await registry.create('slurm', {
    endpoint: 'http://127.0.0.1:6820',
    user: 'u',
    token: 't',
  });
  expect(connector).toBeInstanceOf(SlurmConnector);
  expect(connectorRegistration.kind).toBe('slurm');
  await expect(registry.create('slurm', { endpoint: 'http://127.0.0.1:6820' })).rejects.toThrow(/token/);
});

import { createConnector, defaultConnectorRegistry, registerConnector } from '@neural/integrations-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type FakeKubernetesServer, startFakeKubernetesServer } from '../src/fake/index.js';
import { connectorRegistration, KubernetesConnector } from '../src/index.js';

let server: FakeKubernetesServer;
beforeAll(async () => {
  server = await startFakeKubernetesServer({ seed: 1 });
});
afterAll(() => server?.close());
afterEach(() => defaultConnectorRegistry.unregister('kubernetes'));

it('registers under "kubernetes" and createConnector makes a working connector', async () => {
  expect(connectorRegistration.kind).toBe('kubernetes');
  registerConnector(connectorRegistration.kind, connectorRegistration.factory);
  const connector = await createConnector(
    'kubernetes',
    { kubeconfig: server.fake.kubeconfig() },
    { namespace: 'default' },
    { registeredOnly: true },
  );
  expect(connector).toBeInstanceOf(KubernetesConnector);
  await expect(connector.authenticate()).resolves.toBe(true);
});

it('validates credentials and options like the constructor', async () => {
  registerConnector(connectorRegistration.kind, connectorRegistration.factory);
  await expect(
    createConnector('kubernetes', { endpoint: 'ftp://10.0.0.1', token: 't' }, {}, { registeredOnly: true }),
  ).rejects.toThrow(/endpoint: must be an http\(s\) URL/);
  await expect(
    createConnector(
      'kubernetes',
      { kubeconfig: server.fake.kubeconfig() },
      { namespace: 'Not A Namespace' },
      { registeredOnly: true },
    ),
  ).rejects.toThrow(/namespace/);
});

/** Credentials as kubectl finds them: kubeconfig files and contexts, bearer tokens, exec plugins, in-cluster. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidParameterError } from '@neural/integrations-core';
import { afterAll, describe, expect, it } from 'vitest';
import { KubernetesConnector } from '../src/index.js';
import { useInProcessCluster } from './support/in-process.js';

const cluster = useInProcessCluster({
  tokens: { 'token-of-alice-0001': 'alice', 'token-from-the-exec-plugin': 'bob' },
  namespaces: ['default', 'ml'],
});
const dir = await mkdtemp(join(tmpdir(), 'neural-k8s-credentials-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const kubeconfig = (users: string) => `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: ${cluster.fake.url}
    insecure-skip-tls-verify: true
users:
${users}
contexts:
- name: alice-ml
  context: { cluster: fake, user: alice, namespace: ml }
- name: stranger
  context: { cluster: fake, user: stranger }
current-context: stranger
`;
const tokenUsers = `- name: alice
  user: { token: token-of-alice-0001 }
- name: stranger
  user: { token: token-nobody-issued }`;

describe('a kubeconfig file and a context', () => {
  it('uses the context given, with its namespace; the current context otherwise', async () => {
    const path = join(dir, 'config');
    await writeFile(path, kubeconfig(tokenUsers));
    const alice = new KubernetesConnector({ kubeconfigPath: path, context: 'alice-ml' });
    expect(alice.namespace).toBe('ml');
    expect(await alice.authenticate()).toBe(true);
    const id = await alice.submitJob({ code: 'print(1)' });
    expect(cluster.fake.cluster.jobKeys).toContain(`ml/${id}`);
    const stranger = new KubernetesConnector({ kubeconfigPath: path });
    expect(stranger.namespace).toBe('default');
    expect(await stranger.authenticate()).toBe(false);
  });

  it('refuses a file that is missing or not a kubeconfig, naming the field', () => {
    const missing = () => new KubernetesConnector({ kubeconfigPath: join(dir, 'nope') });
    expect(missing).toThrow(InvalidParameterError);
    expect(missing).toThrow(/kubeconfigPath: must be a readable kubeconfig/);
    expect(() => new KubernetesConnector({ kubeconfig: 'clusters: [' })).toThrow(
      /kubeconfig: must be a readable kubeconfig/,
    );
  });
});

describe('a bearer token', () => {
  it('works with endpoint and token, and is never shown', async () => {
    const connector = new KubernetesConnector({
      endpoint: cluster.fake.url,
      token: 'token-of-alice-0001',
      insecureSkipTlsVerify: true,
    });
    expect(await connector.authenticate()).toBe(true);
    expect(JSON.stringify(connector)).not.toContain('token-of-alice-0001');
    expect(() => new KubernetesConnector({ endpoint: cluster.fake.url })).toThrow(
      /token: endpoint and token go together/,
    );
  });

  it('refuses the old `server` key, naming its new name', () => {
    const old = { server: cluster.fake.url, token: 'token-of-alice-0001' };
    expect(() => new KubernetesConnector(old as never)).toThrow(/server: is now `endpoint`/);
  });

  it('refuses an unknown option, naming it with the option it most likely meant', () => {
    const credentials = { endpoint: cluster.fake.url, token: 'token-of-alice-0001' };
    expect(() => new KubernetesConnector(credentials, { namespce: 'ml' } as never)).toThrow(
      /namespce: is not a known option; did you mean "namespace"\?/,
    );
    expect(() => new KubernetesConnector(credentials, { retry: { maxAttempts: 2 } })).not.toThrow();
  });
});

describe('an exec plugin', () => {
  it('runs the plugin the kubeconfig names and uses the token it prints', async () => {
    const plugin = join(dir, 'plugin.cjs');
    await writeFile(
      plugin,
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'token-from-the-exec-plugin' } }));`,
    );
    const users = `- name: alice
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${process.execPath}
      args: [${JSON.stringify(plugin)}]
      interactiveMode: Never
- name: stranger
  user: { token: token-nobody-issued }`;
    const connector = new KubernetesConnector({ kubeconfig: kubeconfig(users), context: 'alice-ml' });
    expect(await connector.authenticate()).toBe(true);
    expect(cluster.fake.requests.at(-1)?.user).toBe('bob');
  });
});

describe('in-cluster', () => {
  it('outside a pod, says so instead of failing later', () => {
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    delete process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_PORT;
    try {
      expect(() => new KubernetesConnector({ inCluster: true })).toThrow(
        /inCluster: needs to run in a pod: KUBERNETES_SERVICE_HOST is not set/,
      );
    } finally {
      if (saved.host !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved.host;
      if (saved.port !== undefined) process.env.KUBERNETES_SERVICE_PORT = saved.port;
    }
  });
});

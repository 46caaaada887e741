import type { Clock } from '@neural/integrations-core';
import { createManualClock, type ManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createFakeKubernetes,
  type FakeKubernetes,
  type FakeKubernetesOptions,
} from '../../src/fake/index.js';
import { KubernetesConnector, type KubernetesConnectorOptions } from '../../src/index.js';

/** A fake cluster on a manual clock behind MSW, for one test file, and connectors that talk to it. */
export interface InProcessCluster {
  readonly fake: FakeKubernetes;
  readonly clock: ManualClock;
  connect(options?: KubernetesConnectorOptions & { token?: string }): KubernetesConnector;
  /** GETs (or sends) a raw API request with the fake's token, for tests that look at the JSON itself. */
  raw(path: string, init?: RequestInit & { token?: string }): Promise<{ status: number; body: unknown }>;
}

export function useInProcessCluster(options: Omit<FakeKubernetesOptions, 'clock'> = {}): InProcessCluster {
  const clock = createManualClock();
  const fake = createFakeKubernetes({ ...options, clock });
  // The connector reads the cluster's time; a zero-length wait (a retry with no backoff) passes at once
  // instead of waiting for the test to advance the clock.
  const connectorClock: Clock = {
    now: () => clock.now(),
    sleep: (ms, signal) => (ms <= 0 ? Promise.resolve() : clock.sleep(ms, signal)),
  };
  const server = setupServer(...fake.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => fake.setFaults({}));
  afterAll(() => server.close());
  return {
    fake,
    clock,
    connect: ({ token, ...connectorOptions } = {}) =>
      new KubernetesConnector(
        { kubeconfig: fake.kubeconfig(token === undefined ? {} : { token }) },
        {
          clock: connectorClock,
          retry: { initialDelayMs: 0, maxDelayMs: 0 },
          logPollIntervalMs: 100,
          ...connectorOptions,
        },
      ),
    raw: async (path, { token = fake.token, ...init } = {}) => {
      const response = await fetch(`${fake.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      return { status: response.status, body };
    },
  };
}

/**
 * A journaled batch through core's batchSubmitJobs and resumeJournal, with a quarter of all API requests
 * faulted (every kind, including creates stored but never answered): no job lost, none made twice, every
 * result fetched.
 */
import {
  assertNoneLostNoneDuplicated,
  chaosJobRequests,
  runJournaledBatch,
} from '@neural/connector-conformance/chaos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubernetesServer, KUBE_FAULT_KINDS, startFakeKubernetesServer } from '../src/fake/index.js';
import { KubernetesConnector } from '../src/index.js';

// Enough jobs that the lost creates counted below are never too few by chance: faults are dealt by a seeded
// generator in the order requests arrive, which concurrency varies; at 100 jobs one loaded run had only 3.
const JOBS = 200;
let server: FakeKubernetesServer;

beforeAll(async () => {
  server = await startFakeKubernetesServer({
    seed: 5,
    defaultQueueMs: 0,
    defaultStartingMs: 0,
    faults: { rate: 0.25, latencySpikeMs: 5, retryAfterSeconds: 0 },
  });
});
afterAll(() => server?.close());

describe(`${JOBS} jobs through KubernetesConnector, batchSubmitJobs and a journal, with 25% faulted requests`, () => {
  it('leaves exactly one Job per submitted job, each finished and its output fetched', async () => {
    const retry = { maxAttempts: 30, initialDelayMs: 2, maxDelayMs: 50, maxElapsedMs: 60_000 };
    const connector = new KubernetesConnector({ kubeconfig: server.fake.kubeconfig() }, { retry });
    const jobsBefore = new Set(server.cluster.jobKeys);

    const run = await runJournaledBatch(connector, chaosJobRequests(JOBS), {
      concurrency: 10,
      retry,
      watch: { concurrency: 10, pollIntervalMs: 20, maxPollIntervalMs: 100, timeoutMs: 60_000 },
    });

    // None lost, none duplicated: one Job per submitted job, named as the connector answered.
    const made = server.cluster.jobKeys
      .filter((key) => !jobsBefore.has(key))
      .map((key) => key.split('/')[1]!);
    assertNoneLostNoneDuplicated(run, {
      platformJobIds: made,
      expectedOutput: (index) => `chaos ${index}\n`,
    });
    expect(made).toHaveLength(JOBS);
    expect(run.watched.results.map(({ result }) => result.status)).toEqual(Array(JOBS).fill('succeeded'));

    // The faults happened, every kind, including the one that would duplicate: a create stored, never answered.
    const requests = server.cluster.requests;
    const faulted = requests.filter((request) => request.fault !== undefined);
    expect(faulted.length / requests.length).toBeGreaterThan(0.2);
    expect(new Set(faulted.map((request) => request.fault))).toEqual(new Set(KUBE_FAULT_KINDS));
    const lostCreates = faulted.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/jobs') && r.fault === 'drop-after',
    );
    expect(lostCreates.length).toBeGreaterThan(3);
  }, 120_000);
});

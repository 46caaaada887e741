import {
  assertNoneLostNoneDuplicated,
  chaosJobRequests,
  runJournaledBatch,
} from '@neural/connector-conformance/chaos';
import { HttpConnector } from '@neural/connector-http';
import { FAULT_KINDS, type FakePlatformServer, startFakePlatformServer } from '@neural/fake-platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const JOBS = 1_000;
let server: FakePlatformServer;

beforeAll(async () => {
  server = await startFakePlatformServer({
    port: 0,
    seed: 3,
    defaultQueueMs: 0,
    defaultStartingMs: 0,
    maxRecordedRequests: 100_000,
    // 30% of all requests get a fault of any kind; latency and Retry-After kept small so the run is fast.
    faults: { rate: 0.3, kinds: [...FAULT_KINDS], latencyMs: 0, latencySpikeMs: 5, retryAfterSeconds: 0 },
  });
});
afterAll(async () => {
  await server?.close();
});

describe('1,000 jobs through HttpConnector and batchSubmitJobs with 30% injected faults of every kind', () => {
  it('leave exactly 1,000 jobs on the platform, none lost or duplicated, each finished and its result fetched', async () => {
    const retry = { maxAttempts: 30, initialDelayMs: 2, maxDelayMs: 50, maxElapsedMs: 30_000 };
    const connector = new HttpConnector(
      { apiKey: server.apiKey, endpoint: server.url },
      { retry, timeoutMs: 10_000 },
    );
    const run = await runJournaledBatch(connector, chaosJobRequests(JOBS), {
      concurrency: 20,
      retry,
      watch: { concurrency: 30, pollIntervalMs: 20, maxPollIntervalMs: 100, timeoutMs: 30_000 },
    });

    // None lost, none duplicated: one platform job per submitted job, and the ids are the platform's; every one
    // reached a terminal state and its result was fetched (it names the job it belongs to).
    assertNoneLostNoneDuplicated(run, {
      platformJobIds: server.model.jobIds,
      expectedOutput: (index) => `chaos ${index}`,
    });
    expect(server.model.jobCount).toBe(JOBS);
    for (const { jobId } of run.watched.results) {
      expect(['COMPLETED', 'FAILED', 'CANCELLED']).toContain(server.model.getJob(jobId).state);
    }

    // The faults really happened, every kind of them, including the one that makes duplicates: a submit stored
    // by the platform whose answer never arrived.
    const requests = server.model.requests;
    const faulted = requests.filter((request) => request.fault !== undefined);
    expect(faulted.length / requests.length).toBeGreaterThan(0.25);
    expect(new Set(faulted.map((request) => request.fault))).toEqual(new Set(FAULT_KINDS));
    const droppedSubmits = faulted.filter((r) => r.operationId === 'submitJob' && r.fault === 'drop-after');
    expect(droppedSubmits.length).toBeGreaterThan(10);
  });
});

/**
 * A journaled batch through core's batchSubmitJobs and resumeJournal, with a quarter of all AWS requests
 * faulted (throttling, 500, 503, connections dropped before and after the service acted, creates included):
 * no job lost, none made twice, every result fetched.
 */
import {
  assertNoneLostNoneDuplicated,
  chaosJobRequests,
  runJournaledBatch,
} from '@neural/connector-conformance/chaos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_FAULT_KINDS, type FakeAwsServer, startFakeAwsServer } from '../src/fake/index.js';
import { SageMakerConnector } from '../src/index.js';
import { ROLE_ARN } from './conformance.target.js';

const JOBS = 40;
let server: FakeAwsServer;

beforeAll(async () => {
  server = await startFakeAwsServer({
    seed: 7,
    defaultQueueMs: 0,
    defaultStartingMs: 0,
    faults: { rate: 0.25 },
  });
});
afterAll(() => server?.close());

describe(`${JOBS} jobs through SageMakerConnector, batchSubmitJobs and a journal, with 25% faulted requests`, () => {
  it('leaves exactly one training job per submitted job, each finished and its output fetched', async () => {
    const retry = { maxAttempts: 30, initialDelayMs: 2, maxDelayMs: 50, maxElapsedMs: 60_000 };
    const connector = new SageMakerConnector(server.fake.credentials(), {
      endpoint: server.url,
      region: 'us-east-1',
      roleArn: ROLE_ARN,
      bucket: 'neural-sagemaker',
      retry,
    });
    const run = await runJournaledBatch(connector, chaosJobRequests(JOBS), {
      concurrency: 8,
      retry,
      watch: { concurrency: 8, pollIntervalMs: 20, maxPollIntervalMs: 100, timeoutMs: 60_000 },
    });

    // None lost, none duplicated: one training job per submitted job, named as the connector answered.
    const made = [...server.account.jobs.keys()];
    assertNoneLostNoneDuplicated(run, {
      platformJobIds: made,
      expectedOutput: (index) => `chaos ${index}\n`,
    });
    expect(made).toHaveLength(JOBS);
    expect(run.watched.results.map(({ result }) => result.status)).toEqual(Array(JOBS).fill('succeeded'));

    // The faults happened, every kind, including the one that would duplicate: a create made, never answered.
    const requests = server.fake.requests;
    const faulted = requests.filter((request) => request.fault !== undefined);
    expect(faulted.length / requests.length).toBeGreaterThan(0.15);
    expect(new Set(faulted.map((request) => request.fault))).toEqual(new Set(AWS_FAULT_KINDS));
    const lostCreates = faulted.filter(
      (r) => r.operation === 'CreateTrainingJob' && r.fault === 'drop-after',
    );
    expect(lostCreates.length).toBeGreaterThan(0);
    // Every job whose create was made and never answered was recognised by a later create of the same name
    // (ResourceInUse, answered). Counted per job name: one retry can itself be dropped after the service acted.
    const nameOf = (r: (typeof requests)[number]) => r.input?.TrainingJobName;
    const recognisedNames = new Set(
      requests
        .filter(
          (r) =>
            r.operation === 'CreateTrainingJob' &&
            r.fault === undefined &&
            (r.output as { __type?: string } | undefined)?.__type === 'ResourceInUse',
        )
        .map(nameOf),
    );
    for (const name of new Set(lostCreates.map(nameOf))) {
      expect(run.submitted.jobIds).toContain(name);
      expect(recognisedNames.has(name)).toBe(true);
    }
  }, 120_000);
});

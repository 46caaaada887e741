/**
 * The fake cannot drift into a toy: every JSON request the official clients sent it and every answer it gave,
 * through a job's whole life (submit, status, logs, list, stop), conforms to AWS's service models
 * (test/fixtures/aws-shapes.json: required members, types, enums).
 */
import { JobStatus, waitForCompletion } from '@neural/integrations-core';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeAws } from '../src/fake/index.js';
import { SageMakerConnector } from '../src/index.js';
import { ROLE_ARN } from './conformance.target.js';
import { AWS_SHAPES, shapeIssues } from './support/smithy-shapes.js';

const fake = createFakeAws({ defaultQueueMs: 5, defaultStartingMs: 5 });
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const connector = new SageMakerConnector(fake.credentials(), {
  endpoint: fake.url,
  region: 'us-east-1',
  roleArn: ROLE_ARN,
  bucket: 'neural-sagemaker',
  logPollIntervalMs: 5,
});

describe('requests and answers against the service models', () => {
  it('every modelled operation of a job’s life conforms, both ways', async () => {
    const done = await connector.submitJob({
      code: 'print("one")\nprint("two")\n# @fake duration=30ms metrics={"loss":0.25}',
      jobName: 'models',
      environment: { EPOCHS: '3' },
      resourceConfig: { gpuEnabled: true, gpuCount: 1, maxRuntimeHours: 1, diskSizeGb: 50 },
    });
    const result = await waitForCompletion(connector, done, { pollIntervalMs: 10 });
    expect(result.status).toBe(JobStatus.SUCCEEDED);
    expect(result.metrics).toEqual({ loss: 0.25 });
    const stopped = await connector.submitJob({ code: '# @fake forever' });
    await connector.cancelJob(stopped);
    await connector.listJobs({ limit: 5 });
    await connector.listJobs({ statusFilter: JobStatus.SUCCEEDED });
    for await (const _ of connector.followLogs(done)) {
      // drained: the follow's GetLogEvents with a forward token is checked too
    }

    const checked = fake.requests.filter((r) => r.status === 200 && AWS_SHAPES[`${r.operation}Request`]);
    const operations = new Set(checked.map((r) => r.operation));
    expect([...operations].sort()).toEqual(
      [
        'CreateTrainingJob',
        'DescribeLogStreams',
        'DescribeTrainingJob',
        'GetLogEvents',
        'ListTrainingJobs',
        'StopTrainingJob',
      ].sort(),
    );
    for (const request of checked) {
      expect(
        shapeIssues(`${request.operation}Request`, request.input),
        `${request.operation} request`,
      ).toEqual([]);
      const output = `${request.operation}Response`;
      if (AWS_SHAPES[output])
        expect(shapeIssues(output, request.output), `${request.operation} answer`).toEqual([]);
    }
    // The answers covered a running, a finished and a stopped job.
    const statuses = checked
      .filter((r) => r.operation === 'DescribeTrainingJob')
      .map((r) => (r.output as { TrainingJobStatus: string }).TrainingJobStatus);
    expect(statuses).toEqual(expect.arrayContaining(['InProgress', 'Completed']));
    expect(statuses.some((status) => status === 'Stopping' || status === 'Stopped')).toBe(true);
  });

  it('the validator refuses what the model refuses: a missing required member, a bad enum, an unknown member', () => {
    expect(shapeIssues('DescribeTrainingJobResponse', { TrainingJobName: 'x' })).toContain(
      '$.TrainingJobArn: is required by DescribeTrainingJobResponse',
    );
    expect(shapeIssues('TrainingJobStatus', 'Running')).toHaveLength(1);
    expect(shapeIssues('StopTrainingJobRequest', { TrainingJobName: 'x', Force: true })).toEqual([
      '$.Force: StopTrainingJobRequest has no such member',
    ]);
    expect(shapeIssues('CreateTrainingJobResponse', { TrainingJobArn: 7 })).toEqual([
      '$.TrainingJobArn: must be a string',
    ]);
  });
});

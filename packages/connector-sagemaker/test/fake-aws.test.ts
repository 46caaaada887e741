/** The fake's simulated life cycle, on a manual clock: timelines, the run-time limit, stops, sources, faults. */
import { InvalidParameterError } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { packTarGz } from '../src/archive.js';
import { createFakeAws, type Json } from '../src/fake/index.js';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';

describe('options', () => {
  it('answers on the `url` option, and refuses the old `baseUrl` naming its new name', () => {
    expect(createFakeAws({ url: 'http://aws.test/' }).url).toBe('http://aws.test');
    const old = () => createFakeAws({ baseUrl: 'http://aws.test' } as never);
    expect(old).toThrow(InvalidParameterError);
    expect(old).toThrow(/baseUrl: is now `url`/);
    expect(() => createFakeAws({ url: 'aws.test' })).toThrow(/url: must be an absolute URL/);
  });
});

function setUp() {
  const clock = createManualClock(Date.UTC(2026, 5, 1));
  const fake = createFakeAws({
    clock,
    defaultQueueMs: 100,
    defaultStartingMs: 100,
    stoppingMs: 50,
    logPageSize: 2,
  });
  const create = (name: string, code: string | undefined, extra: { [key: string]: Json } = {}) => {
    if (code !== undefined) {
      fake.account.putObject(
        'neural-sagemaker',
        `src/${name}.tar.gz`,
        packTarGz([{ name: 'train.py', data: Buffer.from(code) }]),
        undefined,
      );
    }
    return fake.account.createTrainingJob({
      TrainingJobName: name,
      RoleArn: ROLE,
      AlgorithmSpecification: { TrainingImage: 'image', TrainingInputMode: 'File' },
      OutputDataConfig: { S3OutputPath: 's3://neural-sagemaker/out' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 60 },
      HyperParameters: {
        sagemaker_program: '"train.py"',
        sagemaker_submit_directory: `"s3://neural-sagemaker/src/${name}.tar.gz"`,
      },
      ...extra,
    });
  };
  const describeJob = (name: string) => fake.account.describeTrainingJob({ TrainingJobName: name });
  return { clock, fake, create, describeJob };
}

describe('the fake training job', () => {
  it('goes Starting → Downloading → Training → Completed on the clock, with its transitions', async () => {
    const { clock, create, describeJob } = setUp();
    create('life', 'print("x")\n# @fake duration=1s');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const d = describeJob('life');
      seen.push(`${d.TrainingJobStatus}/${d.SecondaryStatus}`);
      await clock.advance(250);
    }
    expect([...new Set(seen)]).toEqual(['InProgress/Starting', 'InProgress/Training', 'Completed/Completed']);
    const done = describeJob('life');
    expect((done.SecondaryStatusTransitions as { Status: string }[]).map((t) => t.Status)).toEqual([
      'Starting',
      'Downloading',
      'Training',
      'Completed',
    ]);
    expect(done.TrainingTimeInSeconds).toBe(1);
  });

  it('stops a job at MaxRuntimeInSeconds as Stopped/MaxRuntimeExceeded', async () => {
    const { clock, create, describeJob } = setUp();
    create('overrun', '# @fake duration=5m');
    await clock.advance(61_000);
    expect(describeJob('overrun')).toMatchObject({
      TrainingJobStatus: 'Stopped',
      SecondaryStatus: 'MaxRuntimeExceeded',
    });
  });

  it('fails a job whose source archive is missing with a ClientError, in Downloading', async () => {
    const { clock, create, describeJob } = setUp();
    create('nosource', undefined);
    await clock.advance(300);
    expect(describeJob('nosource')).toMatchObject({
      TrainingJobStatus: 'Failed',
      FailureReason: expect.stringMatching(/^ClientError: Data download failed/),
    });
  });

  it('a stop of a pending job reads Stopping, then Stopped without ever training; a second stop is refused', async () => {
    const { clock, fake, create, describeJob } = setUp();
    create('early', '# @fake forever');
    fake.account.stopTrainingJob({ TrainingJobName: 'early' });
    expect(describeJob('early')).toMatchObject({ TrainingJobStatus: 'Stopping' });
    expect(() => fake.account.stopTrainingJob({ TrainingJobName: 'early' })).toThrow(/not in progress/);
    await clock.advance(60);
    const stopped = describeJob('early');
    expect(stopped).toMatchObject({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped' });
    expect(stopped.TrainingStartTime).toBeUndefined();
  });

  it('refuses a second job of the same name with ResourceInUse, and a bad instance type with a ValidationException naming it', () => {
    const { create } = setUp();
    create('twice', 'print(1)');
    expect(() => create('twice', 'print(1)')).toThrow(expect.objectContaining({ code: 'ResourceInUse' }));
    expect(() =>
      create('bad', 'print(1)', {
        ResourceConfig: { InstanceType: 'huge', InstanceCount: 1, VolumeSizeInGB: 1 },
      }),
    ).toThrow(/at 'resourceConfig.instanceType'/);
  });

  it('writes one log stream per instance, paged by forward tokens that repeat at the end', async () => {
    const { clock, fake, create } = setUp();
    create('multi', 'print("a")\nprint("b")\nprint("c")\n# @fake duration=1s', {
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 },
    });
    await clock.advance(2000);
    const streams = fake.account.describeLogStreams({
      logGroupName: '/aws/sagemaker/TrainingJobs',
      logStreamNamePrefix: 'multi/',
    });
    const names = (streams.logStreams as { logStreamName: string }[]).map((s) => s.logStreamName);
    expect(names).toEqual([
      expect.stringMatching(/^multi\/algo-1-/),
      expect.stringMatching(/^multi\/algo-2-/),
    ]);
    const read = (token?: string) =>
      fake.account.getLogEvents({
        logGroupName: '/aws/sagemaker/TrainingJobs',
        logStreamName: names[0] as string,
        startFromHead: true,
        ...(token ? { nextToken: token } : {}),
      });
    const first = read();
    const second = read(first.nextForwardToken as string);
    const end = read(second.nextForwardToken as string);
    expect(
      [first, second, end].map((page) => (page.events as { message: string }[]).map((e) => e.message)),
    ).toEqual([['a', 'b'], ['c'], []]);
    expect(end.nextForwardToken).toBe(second.nextForwardToken);
  });
});

import { describe, expect, it } from 'vitest';
import { formatJobOutput, JobResult, Redactor } from '../src/index.js';

describe('formatJobOutput', () => {
  it('shows status, duration, output, error, metrics, artifacts and logs URL', () => {
    const text = formatJobOutput(
      new JobResult({
        jobId: 'job-1',
        status: 'failed',
        rawState: 'OUT_OF_MEMORY',
        durationSeconds: 3725,
        output: 'epoch 1\nepoch 2\n',
        error: 'killed',
        metrics: { loss: 0.5, stage: 'train', history: [1, 2] },
        artifacts: ['model.pt', 's3://bucket/log.txt'],
        logsUrl: 'https://logs.example.com/job-1',
      }),
    );
    expect(text).toBe(
      [
        'Job job-1: FAILED (OUT_OF_MEMORY)',
        '  Duration: 1h 2m 5s',
        'Output:',
        '  epoch 1',
        '  epoch 2',
        'Error:',
        '  killed',
        'Metrics:',
        '  loss: 0.5',
        '  stage: train',
        '  history: [1,2]',
        'Artifacts:',
        '  - model.pt',
        '  - s3://bucket/log.txt',
        'Logs: https://logs.example.com/job-1',
      ].join('\n'),
    );
  });

  it('leaves out what the result does not have', () => {
    expect(
      formatJobOutput(new JobResult({ jobId: 'job-2', status: 'succeeded', durationSeconds: 10.5 })),
    ).toBe('Job job-2: SUCCEEDED\n  Duration: 10.5s');
    expect(formatJobOutput(new JobResult({ jobId: 'j', status: 'running', durationSeconds: 125 }))).toContain(
      '2m 5s',
    );
  });

  it('scrubs secrets a job printed when given a redactor', () => {
    const result = new JobResult({ jobId: 'j', status: 'succeeded', output: 'token=tok-abcdef' });
    expect(formatJobOutput(result, { redactor: new Redactor(['tok-abcdef']) })).not.toContain('tok-abcdef');
  });
});

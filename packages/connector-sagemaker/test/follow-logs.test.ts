/** followLogs and getLogs over CloudWatch Logs: every stream, every page, resumed without duplicates. */
import { createManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFakeAws } from '../src/fake/index.js';
import { SageMakerConnector } from '../src/index.js';
import { ROLE_ARN } from './conformance.target.js';

const clock = createManualClock(Date.UTC(2026, 6, 1));
const fake = createFakeAws({ clock, defaultQueueMs: 0, defaultStartingMs: 0, logPageSize: 2 });
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const connector = new SageMakerConnector(fake.credentials(), {
  endpoint: fake.url,
  region: 'us-east-1',
  roleArn: ROLE_ARN,
  bucket: 'neural-sagemaker',
  clock,
  logPollIntervalMs: 1000,
});

const code = [
  'print("one")',
  'print("two")',
  'print("three")',
  'print("four")',
  'print("five")',
  '# @fake duration=5s',
].join('\n');

it('follows a two-instance job as it writes, each line once per instance, then ends', async () => {
  const jobId = await connector.submitJob({ code, resourceConfig: { customParams: { instanceCount: 2 } } });
  const chunks: string[] = [];
  let done = false;
  const following = (async () => {
    for await (const chunk of connector.followLogs(jobId)) chunks.push(chunk);
    done = true;
  })();
  // Time moves only while the follow sleeps between reads: each wake-up is one poll.
  while (!done) {
    if (!(await clock.runNext())) await new Promise((resolve) => setImmediate(resolve));
  }
  await following;
  const all = chunks.join('');
  const lines = ['one', 'two', 'three', 'four', 'five'].map((line) => `${line}\n`).join('');
  expect(all.split('\n').filter(Boolean).sort()).toEqual(lines.repeat(2).split('\n').filter(Boolean).sort());
  expect(chunks.length).toBeGreaterThan(1); // it arrived as it was written, not at the end
  expect(await connector.getLogs(jobId)).toBe(lines + lines); // algo-1's stream, then algo-2's, each paged
});

it('starts at fromOffset', async () => {
  const jobId = await connector.submitJob({ code: 'print("abc")\nprint("def")\n# @fake duration=1s' });
  await clock.advance(2000);
  let text = '';
  for await (const chunk of connector.followLogs(jobId, { fromOffset: 5 })) text += chunk;
  expect(text).toBe('ef\n');
});

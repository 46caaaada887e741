import { readmeExamples, runReadmeExample } from '@neural/test-support';
import { expect, it } from 'vitest';

const examples = () => readmeExamples(new URL('../README.md', import.meta.url));
const run = async (code: string) => (await runReadmeExample(code, new URL('.', import.meta.url))).logs;

it('the README has its three examples (the middle one only constructs a connector for a real account)', async () => {
  expect(await examples()).toHaveLength(3);
});

it('the first README example runs as written against the fake over a socket', async () => {
  const [code] = await examples();
  expect(code).toContain('startFakeAwsServer');
  expect(await run(code as string)).toEqual([
    [true],
    ['succeeded', 'Completed/Completed', 'hello from sagemaker'],
  ]);
});

it('the fake example runs as written, in process on a manual clock', async () => {
  const code = (await examples())[2];
  expect(code).toContain('createManualClock');
  expect(await run(code as string)).toEqual([['failed', 'Stopped/MaxRuntimeExceeded']]);
});

it('the account example constructs a connector without calling AWS', async () => {
  const code = (await examples())[1] as string;
  expect(code).toContain("roleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution'");
  const runnable = `${code}\nconsole.log(sagemaker.bucket, sagemaker.prefix);`;
  expect(await run(runnable)).toEqual([['my-ml-bucket', 'neural']]);
});

import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';

const example = fileURLToPath(new URL('./.readme-example.generated.ts', import.meta.url));
afterEach(() => rm(example, { force: true }));

const examples = async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
};

async function run(code: string): Promise<unknown[][]> {
  await writeFile(example, code);
  const logs: unknown[][] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
  try {
    // A fresh module URL per example: the import cache would otherwise hand back the first one.
    await import(`${example}?${Math.random()}`);
  } finally {
    log.mockRestore();
  }
  return logs;
}

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

import { readmeExamples, runReadmeExample } from '@neural/test-support';
import { expect, it } from 'vitest';

const examples = () => readmeExamples(new URL('../README.md', import.meta.url));
const run = async (code: string) => (await runReadmeExample(code, new URL('.', import.meta.url))).logs;

it('the README has its two examples', async () => {
  expect(await examples()).toHaveLength(2);
});

it('the first README example runs as written against the fake over a socket', async () => {
  const [code] = await examples();
  expect(code).toContain('startFakeKubernetesServer');
  expect(await run(code as string)).toEqual([[true], ['succeeded', 'Complete', 'hello from kubernetes']]);
});

it('the fake example runs as written, in process on a manual clock', async () => {
  const code = (await examples())[1];
  expect(code).toContain('createManualClock');
  expect(await run(code as string)).toEqual([['failed', 'OOMKilled']]);
});

import { readmeExamples, runReadmeExample } from '@neural/test-support';
import { expect, it } from 'vitest';

it('the README example runs as written', async () => {
  const [code] = await readmeExamples(new URL('../README.md', import.meta.url));
  expect(code).toContain('startFakePlatformServer');
  const { logs, stdout } = await runReadmeExample(code as string, new URL('.', import.meta.url));
  expect(logs).toEqual([[true], ['succeeded', 'hello']]);
  expect(stdout).toContain('hello');
});

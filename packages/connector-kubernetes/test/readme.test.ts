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

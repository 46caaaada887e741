import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';

const example = fileURLToPath(new URL('./.readme-example.generated.ts', import.meta.url));
afterEach(() => rm(example, { force: true }));

// The README's first `ts` sample is run as written: a sample that no longer works fails this test.
it('the README example runs as written', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code, 'README.md has a ```ts sample').toBeTypeOf('string');
  await writeFile(example, code as string);
  const logs: unknown[][] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
  try {
    await import(example);
  } finally {
    log.mockRestore();
  }
  expect(logs.at(-1)).toEqual(['succeeded', 'hello']);
});

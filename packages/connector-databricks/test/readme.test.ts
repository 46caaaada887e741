import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';

const example = fileURLToPath(new URL('./.readme-example.generated.ts', import.meta.url));
afterEach(() => rm(example, { force: true }));

it('the README example runs as written', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toContain('startFakeDatabricksServer');
  await writeFile(example, code as string);
  const logs: unknown[][] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
  try {
    await import(example);
  } finally {
    log.mockRestore();
  }
  expect(logs).toEqual([[true], ['succeeded', 'TERMINATED/SUCCESS', 'hello from Databricks']]);
});

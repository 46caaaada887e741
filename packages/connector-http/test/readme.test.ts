import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';

const example = fileURLToPath(new URL('./.readme-example.generated.ts', import.meta.url));
afterEach(() => rm(example, { force: true }));

it('the README example runs as written', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toContain('startFakePlatformServer');
  await writeFile(example, code as string);
  const logs: unknown[][] = [];
  const written: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await import(example);
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
  expect(logs).toEqual([[true], ['succeeded', 'hello']]);
  expect(written.join('')).toContain('hello');
});

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';

// Inside the package, so the example resolves its imports as a user's code would.
const folder = join(import.meta.dirname, '..', 'node_modules', '.cache', `readme-${process.pid}`);
afterAll(() => rm(folder, { recursive: true, force: true }));

it('the README opens with an example that runs and finds the submit span', async () => {
  const readme = await readFile(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const [first] = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  await mkdir(folder, { recursive: true });
  const file = join(folder, 'example.ts');
  await writeFile(file, first!.replaceAll("'@neural/telemetry'", "'../../../src/index.js'"));
  const printed: unknown[][] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args);
  });
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
  }
  expect(printed).toEqual([[true, 'success']]);
});

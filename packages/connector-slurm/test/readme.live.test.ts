import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveCluster, liveSuiteName } from './support/live-env.js';

const example = fileURLToPath(new URL('./.readme-example.generated.ts', import.meta.url));
afterEach(() => rm(example, { force: true }));

describe.skipIf(!liveCluster)(liveSuiteName('README'), () => {
  it('the example runs as written against the live cluster', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toContain('new SlurmConnector');
    await writeFile(example, code as string);
    const logs: unknown[][] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
    try {
      await import(example);
    } finally {
      log.mockRestore();
    }
    expect(logs).toEqual([['succeeded', 'COMPLETED', 'hello from slurm']]);
  });
});

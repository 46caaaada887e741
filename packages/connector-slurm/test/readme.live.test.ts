import { readmeExamples, runReadmeExample } from '@neural/test-support';
import { describe, expect, it } from 'vitest';
import { liveCluster, liveSuiteName } from './support/live-env.js';

describe.skipIf(!liveCluster)(liveSuiteName('README'), () => {
  it('the example runs as written against the live cluster', async () => {
    const [code] = await readmeExamples(new URL('../README.md', import.meta.url));
    expect(code).toContain('new SlurmConnector');
    const { logs } = await runReadmeExample(code as string, new URL('.', import.meta.url));
    expect(logs).toEqual([['succeeded', 'COMPLETED', 'hello from slurm']]);
  });
});

/**
 * followLogs: the pod log streamed with `follow`, resumed after a broken stream from the last line's
 * timestamp, never repeating or dropping a line; in process on the manual clock, and over a real socket.
 */
import { JobStatus, OperationAbortedError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { useInProcessCluster } from './support/in-process.js';

const cluster = useInProcessCluster({ defaultQueueMs: 100, defaultStartingMs: 100 });

const LINES = Array.from({ length: 9 }, (_, i) => `step ${i + 1}`);
const CODE = `${LINES.map((line) => `print("${line}")`).join('\n')}\n`;

/** Collects a followed log while the test moves the clock on, until the iteration ends. */
async function followWhileAdvancing(iterable: AsyncIterable<string>, stepMs = 50, maxSteps = 400) {
  const chunks: string[] = [];
  let finished = false;
  let failure: unknown;
  const collecting = (async () => {
    try {
      for await (const chunk of iterable) chunks.push(chunk);
    } catch (error) {
      failure = error;
    } finally {
      finished = true;
    }
  })();
  for (let step = 0; step < maxSteps && !finished; step++) await cluster.clock.advance(stepMs);
  await collecting;
  if (failure) throw failure;
  return chunks.join('');
}

const logRequests = () => cluster.fake.requests.filter((r) => r.path.endsWith('/log'));

describe('followLogs in process', () => {
  it('yields the lines as the container writes them, and ends when the job ends', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code: `${CODE}# @fake duration=2s` });
    const output = await followWhileAdvancing(connector.followLogs(id));
    expect(output).toBe(`${LINES.join('\n')}\n`);
    expect(await connector.getJobStatus(id)).toBe(JobStatus.SUCCEEDED);
  });

  it('resumes a stream that ends early, from the last line, without repeating or losing one', async () => {
    cluster.fake.setFaults({ cutLogStreamsAfterLines: 4 });
    const connector = cluster.connect();
    // Nine lines over 8 s: each resume (sinceTime has whole seconds) repeats the lines of the last second.
    const id = await connector.submitJob({ code: `${CODE}# @fake duration=8s` });
    const before = logRequests().length;
    const output = await followWhileAdvancing(connector.followLogs(id));
    expect(output).toBe(`${LINES.join('\n')}\n`);
    expect(logRequests().length - before).toBeGreaterThanOrEqual(4);
  });

  it('skips exactly the lines already yielded when several share one timestamp', async () => {
    cluster.fake.setFaults({ cutLogStreamsAfterLines: 1, maxLogStreamCuts: 1 });
    const connector = cluster.connect();
    // Nine lines in 4 ms: the first two share a millisecond, and the cut falls between them. The resume must
    // skip the first and yield the second: skipping by timestamp alone would lose it, or repeat it.
    const id = await connector.submitJob({ code: `${CODE}# @fake duration=4ms` });
    const before = logRequests().length;
    const output = await followWhileAdvancing(connector.followLogs(id), 1, 2_000);
    expect(output).toBe(`${LINES.join('\n')}\n`);
    expect(logRequests().length - before).toBeGreaterThanOrEqual(2);
  });

  it('starts at fromOffset', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code: `${CODE}# @fake duration=1s` });
    const output = await followWhileAdvancing(connector.followLogs(id, { fromOffset: 14 }));
    expect(output).toBe(`${LINES.join('\n')}\n`.slice(14));
  });

  it('waits while the image cannot be pulled, and ends when the job is cancelled', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code: '# @k8s image-pull' });
    const followed = followWhileAdvancing(connector.followLogs(id), 100, 50);
    await cluster.clock.advance(1_000);
    await connector.cancelJob(id);
    expect(await followed).toBe('');
  });

  it('gives up with CloudConnectionError when reconnecting brings nothing new, again and again', async () => {
    const connector = cluster.connect({ maxLogReconnects: 2 });
    const id = await connector.submitJob({ code: 'print("x1")\nprint("x2")\n# @fake forever' });
    await cluster.clock.advance(1_000);
    // Every stream ends after its first line, which after the first stream is one already seen.
    cluster.fake.setFaults({ cutLogStreamsAfterLines: 1 });
    const error = await followWhileAdvancing(connector.followLogs(id), 100).catch((e: unknown) => e);
    expect(String(error)).toContain(
      'CloudConnectionError: followLogs failed: the log stream broke 3 times in a row',
    );
  });

  it('stops when aborted', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code: '# @fake forever\nprint("tick")' });
    await cluster.clock.advance(1_000);
    const controller = new AbortController();
    const iterator = connector.followLogs(id, { signal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe('tick\n');
    const pending = iterator.next();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OperationAbortedError);
  });
});

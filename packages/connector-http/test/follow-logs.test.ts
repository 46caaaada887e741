import {
  CloudConnectionError,
  InvalidParameterError,
  JobNotFoundError,
  OperationAbortedError,
} from '@neural/integrations-core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { API } from './support/mini-platform.js';
import { useMiniPlatform } from './support/setup.js';

const { platform, server, connect } = useMiniPlatform();

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of iterable) lines.push(line);
  return lines;
}

/** A log stream the test writes to line by line, as a running job would. */
function liveStream() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    stream,
    send: (event: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`)),
    sendRaw: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
    fail: () => controller.error(new Error('socket hang up')),
  };
}

describe('followLogs', () => {
  it('yields every line and ends when the end event arrives', async () => {
    const job = platform.addJob({ state: 'COMPLETED', logs: 'step 1\nstep 2\nstep 3\n' });
    expect(await collect(connect().followLogs(job.id))).toEqual(['step 1\n', 'step 2\n', 'step 3\n']);
  });

  it('starts at fromOffset', async () => {
    const job = platform.addJob({ state: 'COMPLETED', logs: 'step 1\nstep 2\n' });
    expect(await collect(connect().followLogs(job.id, { fromOffset: 7 }))).toEqual(['step 2\n']);
    expect(platform.requests.at(-1)?.search).toBe('?offset=7');
  });

  it('yields lines as they are written, across chunk boundaries', async () => {
    const live = liveStream();
    server.use(http.get(`${API}/jobs/:id/logs/stream`, () => new HttpResponse(live.stream)));
    const iterator = connect().followLogs('job_1')[Symbol.asyncIterator]();
    live.send({ type: 'log', offset: 0, content: 'first\n' });
    expect(await iterator.next()).toEqual({ value: 'first\n', done: false });
    live.sendRaw('{"type":"log","offset":6,');
    live.sendRaw('"content":"second\\n"}\n{"type":"end","state":"COMPLETED"}\n');
    expect(await iterator.next()).toEqual({ value: 'second\n', done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('throws CloudConnectionError when the stream closes before the end event', async () => {
    const job = platform.addJob({ state: 'RUNNING', logs: 'step 1\n' });
    const lines: string[] = [];
    const error = await (async () => {
      for await (const line of connect().followLogs(job.id)) lines.push(line);
    })().catch((e: unknown) => e);
    expect(lines).toEqual(['step 1\n']);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/closed before the job ended/);
  });

  it('throws CloudConnectionError when the connection breaks mid-stream', async () => {
    const live = liveStream();
    server.use(http.get(`${API}/jobs/:id/logs/stream`, () => new HttpResponse(live.stream)));
    const iterator = connect().followLogs('job_1')[Symbol.asyncIterator]();
    live.send({ type: 'log', offset: 0, content: 'first\n' });
    await iterator.next();
    live.fail();
    await expect(iterator.next()).rejects.toSatisfy(CloudConnectionError.isInstance);
  });

  it('throws CloudConnectionError for a line that is not a valid event', async () => {
    for (const bad of ['not json\n', '{"type":"log","content":5}\n', '{"type":"party"}\n']) {
      server.use(http.get(`${API}/jobs/:id/logs/stream`, () => new HttpResponse(bad), { once: true }));
      const error = await collect(connect().followLogs('job_1')).catch((e: unknown) => e);
      expect(CloudConnectionError.isInstance(error), bad).toBe(true);
      expect((error as Error).message).toContain('invalid response');
    }
  });

  it('stops reading when the caller breaks out of the loop', async () => {
    const live = liveStream();
    let cancelled = false;
    const reader = live.stream.getReader();
    const watched = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel() {
        cancelled = true;
      },
    });
    // A fetch that hands the body over as is, so the test sees what the connector does with it.
    const connector = connect({
      fetch: async (input, init) =>
        String(input).includes('/logs/stream') ? new Response(watched) : globalThis.fetch(input, init),
    });
    live.send({ type: 'log', offset: 0, content: 'only\n' });
    for await (const line of connector.followLogs('job_1')) {
      expect(line).toBe('only\n');
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancelled).toBe(true);
  });

  it('rejects with OperationAbortedError when the caller aborts while waiting for a line', async () => {
    const live = liveStream();
    server.use(http.get(`${API}/jobs/:id/logs/stream`, () => new HttpResponse(live.stream)));
    const controller = new AbortController();
    const iterator = connect().followLogs('job_1', { signal: controller.signal })[Symbol.asyncIterator]();
    live.send({ type: 'log', offset: 0, content: 'first\n' });
    await iterator.next();
    const next = iterator.next();
    controller.abort();
    await expect(next).rejects.toSatisfy(OperationAbortedError.isInstance);
  });

  it('throws JobNotFoundError for an unknown job, and refuses bad arguments before any request', async () => {
    const connector = connect();
    await expect(collect(connector.followLogs('job_missing'))).rejects.toSatisfy(JobNotFoundError.isInstance);
    platform.requests.length = 0;
    await expect(collect(connector.followLogs(''))).rejects.toSatisfy(InvalidParameterError.isInstance);
    await expect(collect(connector.followLogs('job_1', { fromOffset: -1 }))).rejects.toThrow(/fromOffset/);
    expect(platform.requests).toHaveLength(0);
  });
});

/** Newline-delimited JSON log streams, read one line at a time without holding the whole body. */
import type { z } from 'zod';
import { CloudConnectionError, CloudException, OperationAbortedError, throwIfAborted } from '../errors.js';
import { discardBody, parseJsonText, parseWith } from './response.js';
import type { ErrorContext } from './response-errors.js';

/**
 * Yields each non-empty line of `body` (decoded as UTF-8), the last one even without a trailing newline.
 * Stops with `OperationAbortedError` as soon as `signal` aborts, even if the `fetch` in use does not tie the
 * body to the request's signal, and cancels the body when the consumer stops early.
 */
export async function* readLines(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<string, void, undefined> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const aborted = new Promise<never>((_, reject) => {
    signal?.addEventListener(
      'abort',
      () => reject(new OperationAbortedError(undefined, { cause: signal.reason })),
      { once: true },
    );
  });
  aborted.catch(() => {});
  let buffered = '';
  try {
    for (;;) {
      throwIfAborted(signal);
      const { value, done } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      buffered += value;
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line.length > 0) yield line;
        newline = buffered.indexOf('\n');
      }
    }
    if (buffered.trim().length > 0) yield buffered.trim();
  } finally {
    // Stops the download when the consumer leaves early (a `break` in its `for await`) or aborts.
    discardBody(reader);
  }
}

/**
 * Yields each line of an NDJSON `body` parsed and validated with `schema`. A line that is not JSON or fails
 * the schema is an `INVALID_RESPONSE` error; a stream that breaks is a `CloudConnectionError` with code
 * `STREAM_BROKEN`; an abort is an `OperationAbortedError`. Ending is the caller's to judge: a stream that
 * should end with an "end" event and did not is the caller's `STREAM_BROKEN`.
 */
export async function* readJsonLines<S extends z.ZodType>(
  body: ReadableStream<Uint8Array>,
  schema: S,
  context: ErrorContext,
  signal?: AbortSignal,
): AsyncGenerator<z.output<S>, void, undefined> {
  try {
    for await (const line of readLines(body, signal)) {
      yield parseWith(schema, parseJsonText(line, 'an NDJSON line', context), context);
    }
  } catch (error) {
    if (signal?.aborted) {
      throw new OperationAbortedError(`${context.operation} was aborted`, { cause: signal.reason });
    }
    if (CloudException.isInstance(error)) throw error;
    throw new CloudConnectionError(`${context.operation}: the stream broke: ${String(error)}`, {
      code: 'STREAM_BROKEN',
      cause: error,
    });
  }
}

/** Newline-delimited JSON log streams, read one line at a time without holding the whole body. */
import { OperationAbortedError, throwIfAborted } from '../errors.js';

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
    reader.cancel().catch(() => {});
  }
}

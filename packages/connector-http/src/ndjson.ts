/** Newline-delimited JSON, read from a streamed body one line at a time without holding the whole body. */

/** Yields each non-empty line of `body` (decoded as UTF-8), the last one even without a trailing newline. */
export async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
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
    // Stops the download when the consumer leaves early (a `break` in its `for await`).
    await reader.cancel().catch(() => {});
  }
}

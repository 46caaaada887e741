/**
 * A small load generator (benchmark 5), in its own process: `connections` keep-alive sockets, each sending
 * the next GET as soon as the previous answer is complete, for `durationMs` after `warmupMs`. It writes
 * prebuilt request bytes and only finds where each response ends, so it costs far less per request than
 * the servers it measures (an HTTP client library would measure itself). argv[2]: JSON options.
 */
import { connect, type Socket } from 'node:net';
import { z } from 'zod';

const OptionsSchema = z.object({
  url: z.url(),
  headers: z.record(z.string(), z.string()).default({}),
  connections: z.number().int().positive(),
  durationMs: z.number().positive(),
  warmupMs: z.number().nonnegative().default(0),
});

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('\r\n0\r\n\r\n');

/** Where the first complete response in `buffer` ends, and its status; `undefined` if it is incomplete. */
function responseEnd(buffer: Buffer): { end: number; status: number } | undefined {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const end = headerEnd + 4 + Number(length[1]);
    return end <= buffer.length ? { end, status } : undefined;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const end = buffer.indexOf(CHUNKED_END, headerEnd);
    return end < 0 ? undefined : { end: end + CHUNKED_END.length, status };
  }
  return { end: headerEnd + 4, status };
}

const options = OptionsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const url = new URL(options.url);
const request = Buffer.from(
  `GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\nconnection: keep-alive\r\n${Object.entries(
    options.headers,
  )
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`,
);

let measuring = false;
let stopped = false;
let ok = 0;
let failed = 0;
const sockets: Socket[] = [];

for (let i = 0; i < options.connections; i++) {
  const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  sockets.push(socket);
  let pending = Buffer.alloc(0);
  socket.on('connect', () => socket.write(request));
  socket.on('data', (data) => {
    pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
    for (;;) {
      const found = responseEnd(pending);
      if (!found) return;
      pending = pending.subarray(found.end);
      if (measuring) {
        if (found.status === 200) ok++;
        else failed++;
      }
      if (!stopped) socket.write(request);
    }
  });
  socket.on('error', () => {
    failed++;
  });
}

setTimeout(() => {
  measuring = true;
  const started = performance.now();
  setTimeout(() => {
    measuring = false;
    stopped = true;
    const seconds = (performance.now() - started) / 1000;
    for (const socket of sockets) socket.destroy();
    process.send?.({ type: 'done', rps: ok / seconds, ok, failed, seconds });
    process.disconnect?.();
  }, options.durationMs);
}, options.warmupMs);
process.send?.({ type: 'ready' });

/**
 * The baseline server of benchmark 5: bare `node:http`, keep-alive, answering every request with the same
 * job JSON the fake platform returns (argv[2]), computed once. No routing, no auth, no model.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = Buffer.from(process.argv[2] ?? '{}');
const server = createServer({ noDelay: true, keepAlive: true }, (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
});
process.on('SIGTERM', () => process.exit(0));

/** followLogs over a real socket: the official client's kubeconfig handling and node:http against the loopback fake. */
import { JobStatus } from '@neural/integrations-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeKubernetesServer, startFakeKubernetesServer } from '../src/fake/index.js';
import { KubernetesConnector } from '../src/index.js';

let server: FakeKubernetesServer;
beforeAll(async () => {
  server = await startFakeKubernetesServer({
    defaultQueueMs: 10,
    defaultStartingMs: 10,
    faults: { cutLogStreamsAfterLines: 3, maxLogStreamCuts: 3 },
  });
});
afterAll(() => server?.close());

const LINES = Array.from({ length: 9 }, (_, i) => `step ${i + 1}`);

it('streams the log, reconnecting each time the stream ends early (three times), with every line once', async () => {
  const connector = new KubernetesConnector(
    { kubeconfig: server.fake.kubeconfig() },
    { logPollIntervalMs: 20 },
  );
  const id = await connector.submitJob({
    code: `${LINES.map((line) => `print("${line}")`).join('\n')}\n# @fake duration=1500ms`,
  });
  let output = '';
  for await (const chunk of connector.followLogs(id)) output += chunk;
  expect(output).toBe(`${LINES.join('\n')}\n`);
  expect(server.cluster.requests.filter((r) => r.path.endsWith('/log')).length).toBeGreaterThanOrEqual(3);
  expect(await connector.getJobStatus(id)).toBe(JobStatus.SUCCEEDED);
});

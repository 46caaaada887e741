/**
 * Look before you resubmit, against the real cluster: a loopback proxy in front of slurmrestd cuts the answer
 * to a seeded 20% of the submits after slurmrestd accepted them (the job exists, the client never hears of
 * it). Every submit carries an idempotency key and goes through the connector's own retries; the cluster must
 * end up with exactly one job per key.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrng, isTerminalStatus } from '@neural/integrations-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SlurmConnector, type SlurmCredentials } from '../src/index.js';
import { liveCluster, liveSuiteName } from './support/live-env.js';

const SUBMITS = 200;
const CUT_RATE = 0.2;
const SEED = 0x5eed13;
const CONCURRENCY = 8;

interface CuttingProxy {
  readonly url: string;
  readonly stats: { submits: number; accepted: number; cut: number };
  close(): Promise<void>;
}

/** Forwards everything to `target`; an accepted submit's answer is dropped (socket destroyed) at `rate`. */
async function startCuttingProxy(target: URL, rate: number, seed: number): Promise<CuttingProxy> {
  const random = createPrng(seed);
  const stats = { submits: 0, accepted: 0, cut: 0 };
  const server: Server = createServer((incoming, outgoing) => {
    const body: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => body.push(chunk));
    incoming.on('end', () => {
      const isSubmit = incoming.method === 'POST' && (incoming.url ?? '').endsWith('/job/submit');
      if (isSubmit) stats.submits++;
      const upstream = forward(
        {
          host: target.hostname,
          port: target.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers,
        },
        (answer) => {
          const answerBody: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerBody.push(chunk));
          answer.on('end', () => {
            const accepted = isSubmit && answer.statusCode === 200;
            if (accepted) stats.accepted++;
            if (accepted && random() < rate) {
              stats.cut++;
              incoming.socket.destroy();
              return;
            }
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(Buffer.concat(answerBody));
          });
        },
      );
      upstream.on('error', () => outgoing.destroy());
      upstream.end(Buffer.concat(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every job slurmctld holds, read straight from slurmrestd (not through the connector under test). */
async function slurmJobs(credentials: SlurmCredentials) {
  const response = await fetch(`${credentials.endpoint}/slurm/v0.0.38/jobs`, {
    headers: { 'x-slurm-user-name': credentials.user, 'x-slurm-user-token': credentials.token },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { jobs: { job_id: number; comment?: string | null }[] };
  return body.jobs;
}

describe.skipIf(!liveCluster)(liveSuiteName('live Slurm: look before you resubmit'), () => {
  const credentials = liveCluster?.credentials as SlurmCredentials;
  const run = `idem-${randomUUID().slice(0, 8)}`;
  const keys = Array.from({ length: SUBMITS }, (_, n) => `${run}:${n}`);
  const direct = () => new SlurmConnector(credentials);

  afterAll(async () => {
    // Whatever is still queued or running of this run is cancelled; finished jobs age out of slurmctld.
    const slurm = direct();
    const mine = (await slurm.listJobs({ limit: 1000 })).filter((job) =>
      job.idempotencyKey?.startsWith(`${run}:`),
    );
    await Promise.all(
      mine.filter((job) => !isTerminalStatus(job.status)).map((job) => slurm.cancelJob(job.id)),
    );
  });

  it(`${SUBMITS} keyed submits, ${CUT_RATE * 100}% of their answers cut after acceptance, leave exactly ${SUBMITS} jobs`, async () => {
    const proxy = await startCuttingProxy(new URL(credentials.endpoint), CUT_RATE, SEED);
    try {
      const slurm = new SlurmConnector(
        { ...credentials, endpoint: proxy.url },
        { retry: { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 200 } },
      );
      const ids: string[] = new Array(SUBMITS);
      let next = 0;
      const worker = async () => {
        while (next < SUBMITS) {
          const index = next++;
          ids[index] = await slurm.submitJob({
            code: '#!/bin/sh\ntrue\n',
            jobName: 'neural-idempotency-live',
            idempotencyKey: keys[index],
            resourceConfig: { cpuCount: 1, maxRuntimeHours: 0.05 },
          });
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      // The proxy did cut answers, and no key was ever sent twice: each lost answer was settled by a lookup.
      expect(proxy.stats.cut).toBeGreaterThanOrEqual(SUBMITS * CUT_RATE * 0.5);
      expect(proxy.stats.accepted).toBe(SUBMITS);
      expect(new Set(ids).size).toBe(SUBMITS);

      // Counted by tag on slurmctld itself: one job per key, and it is the one the connector returned.
      const tagged = (await slurmJobs(credentials)).filter((job) =>
        job.comment?.startsWith(`neural-idempotency-key:${run}:`),
      );
      expect(tagged).toHaveLength(SUBMITS);
      const byKey = new Map(
        tagged.map((job) => [job.comment?.slice('neural-idempotency-key:'.length), String(job.job_id)]),
      );
      expect(keys.map((key) => byKey.get(key))).toEqual(ids);
    } finally {
      await proxy.close();
    }
  }, 240_000);
});

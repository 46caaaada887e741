import { CloudConnectionError } from '@neural/integrations-core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { SlurmConnector } from '../src/index.js';
import { API, CREDENTIALS, fixture, recordedJob, reply } from './support/recorded-cluster.js';
import { useRecordedCluster } from './support/recorded-server.js';
import { refusedConnection } from './support/refused-connection.js';

const { server, cluster } = useRecordedCluster();

const connect = () =>
  new SlurmConnector(CREDENTIALS, {
    workdir: cluster().workdir,
    retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
  });

const TAG = 'neural-idempotency-key:';
const submits = () => cluster().seen.filter((request) => request.method === 'POST');
const lookups = () =>
  cluster().seen.filter((request) => request.method === 'GET' && request.path.endsWith('/jobs'));

/** `fetch` that refuses the connection (nothing sent) for the first `count` submits, and lets the rest through. */
function refusingFirstSubmits(count: number): typeof fetch {
  let refused = 0;
  return (input, init) => {
    if (init?.method === 'POST' && refused < count) {
      refused++;
      return Promise.reject(refusedConnection());
    }
    return globalThis.fetch(input, init);
  };
}

/**
 * slurmrestd's submit, with the job stored as slurmctld would (its comment kept, listed by `GET /jobs`); the
 * answers named in `lose` are cut after the job was stored, as when a connection drops on the way back.
 */
function acceptingSubmits(options: { lose?: readonly number[]; store?: readonly number[] } = {}) {
  let count = 0;
  let nextId = 100;
  server.use(
    http.post(`${API}/job/submit`, async ({ request }) => {
      const body = (await request.clone().json()) as { job: { comment?: string } };
      cluster().seen.push({
        method: 'POST',
        path: new URL(request.url).pathname,
        headers: request.headers,
        body,
      });
      const attempt = ++count;
      const stored = options.store === undefined || options.store.includes(attempt);
      const id = String(nextId);
      if (stored) {
        const job = recordedJob('job-pending', id, cluster().workdir);
        job.body.jobs[0].comment = body.job.comment ?? '';
        cluster().jobs.set(id, job);
        nextId++;
      }
      if (options.lose?.includes(attempt)) return HttpResponse.error();
      const answer = fixture('submit');
      answer.body.job_id = Number(id);
      return reply(answer);
    }),
  );
}

describe('SlurmConnector without idempotency keys on the platform', () => {
  it('claims the idempotency capability', () => {
    expect(connect().capabilities.idempotency).toBe(true);
  });

  it("tags a keyed job with its key in the job's comment, and an unkeyed one not at all", async () => {
    acceptingSubmits();
    await connect().submitJob({ code: 'print(1)', idempotencyKey: 'sweep:0' });
    await connect().submitJob({ code: 'print(2)' });
    const [keyed, plain] = submits().map((request) => (request.body as { job: { comment?: string } }).job);
    expect(keyed?.comment).toBe(`${TAG}sweep:0`);
    expect(plain).not.toHaveProperty('comment');
  });

  it('returns the job a lost answer created, found by its key, without submitting again', async () => {
    acceptingSubmits({ lose: [1] });
    const id = await connect().submitJob({ code: 'print(1)', idempotencyKey: 'lost-answer' });
    expect(id).toBe('100');
    expect(submits()).toHaveLength(1);
    expect([...cluster().jobs.keys()].filter((jobId) => Number(jobId) >= 100)).toEqual(['100']);
  });

  it('submits again when the lost submit never created the job', async () => {
    acceptingSubmits({ lose: [1], store: [2] });
    const id = await connect().submitJob({ code: 'print(1)', idempotencyKey: 'never-arrived' });
    expect(id).toBe('100');
    expect(submits()).toHaveLength(2);
  });

  it('looks the key up once before the first attempt, and not again after an attempt that was never sent', async () => {
    acceptingSubmits();
    // The connector's policy allows 3 attempts: the transport resends a refused submit up to 3 times, then the
    // keyed submit retries, this time reaching slurmrestd.
    const slurm = new SlurmConnector(CREDENTIALS, {
      workdir: cluster().workdir,
      fetch: refusingFirstSubmits(3),
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    });
    const id = await slurm.submitJob({ code: 'print(1)', idempotencyKey: 'refused-first' });
    expect(id).toBe('100');
    expect(submits()).toHaveLength(1);
    expect(lookups()).toHaveLength(1);
  });

  it('looks the key up again after an attempt that may have reached slurmrestd', async () => {
    acceptingSubmits({ lose: [1], store: [2] });
    await connect().submitJob({ code: 'print(1)', idempotencyKey: 'maybe-arrived' });
    expect(submits()).toHaveLength(2);
    expect(lookups()).toHaveLength(2);
  });

  it('keeps looking once an attempt may have arrived, even after a later attempt that was never sent', async () => {
    // Attempt 1's answer is lost (it may still create its job later); attempt 2 is refused three times by the
    // transport (never sent); attempt 3 must look again rather than submit blind.
    acceptingSubmits({ lose: [1], store: [2] });
    let posts = 0;
    const fetchWithRefusals: typeof fetch = (input, init) => {
      if (init?.method === 'POST' && ++posts >= 2 && posts <= 4) return Promise.reject(refusedConnection());
      return globalThis.fetch(input, init);
    };
    const slurm = new SlurmConnector(CREDENTIALS, {
      workdir: cluster().workdir,
      fetch: fetchWithRefusals,
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    });
    const id = await slurm.submitJob({ code: 'print(1)', idempotencyKey: 'arrived-then-refused' });
    expect(id).toBe('100');
    expect(submits()).toHaveLength(2);
    expect(lookups()).toHaveLength(3);
  });

  it('looks the key up again when the lookup itself failed, before submitting', async () => {
    acceptingSubmits();
    let failed = 0;
    server.use(
      http.get(`${API}/jobs`, () => {
        if (failed++ < 3) return new HttpResponse('busy', { status: 503 });
        return undefined;
      }),
    );
    const id = await connect().submitJob({ code: 'print(1)', idempotencyKey: 'lookup-failed' });
    expect(id).toBe('100');
    expect(failed).toBe(4);
    expect(submits()).toHaveLength(1);
  });

  it('gives up after the retry policy, with the connection error, when every answer is lost', async () => {
    acceptingSubmits({ lose: [1, 2, 3], store: [] });
    const error = await connect()
      .submitJob({ code: 'print(1)', idempotencyKey: 'unreachable' })
      .catch((caught: unknown) => caught);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(submits()).toHaveLength(3);
  });

  it('returns the same job for the same key, in turn or at once, with one submit', async () => {
    acceptingSubmits();
    const slurm = connect();
    const request = { code: 'print(1)', idempotencyKey: 'twice' };
    const first = await slurm.submitJob(request);
    const again = await slurm.submitJob(request);
    const together = await Promise.all([
      slurm.submitJob({ ...request, idempotencyKey: 'together' }),
      slurm.submitJob({ ...request, idempotencyKey: 'together' }),
    ]);
    expect(again).toBe(first);
    expect(together[0]).toBe(together[1]);
    expect(submits()).toHaveLength(2);
  });

  it("never takes another user's job carrying the same tag", async () => {
    const foreign = recordedJob('job-pending', '50', cluster().workdir);
    foreign.body.jobs[0].comment = `${TAG}shared`;
    foreign.body.jobs[0].user_name = 'alice';
    cluster().jobs.set('50', foreign);
    acceptingSubmits();
    const id = await connect().submitJob({ code: 'print(1)', idempotencyKey: 'shared' });
    expect(id).toBe('100');
  });

  it('lists each job with the key its tag carries', async () => {
    acceptingSubmits();
    const slurm = connect();
    const keyed = await slurm.submitJob({ code: 'print(1)', idempotencyKey: 'listed' });
    const listed = await slurm.listJobs({ limit: 100 });
    expect(listed.find((job) => job.id === keyed)?.idempotencyKey).toBe('listed');
    expect(listed.find((job) => job.id === '1')?.idempotencyKey).toBeUndefined();
  });
});

/**
 * Secrets: every connector and helper is run with a known canary as key, token and JWT, and everything they
 * produce is scanned: log lines at every level, errors from every failure path (message, stack, util.inspect,
 * the cause chain, JSON), formatJobOutput, JSON.stringify and util.inspect of the connectors, conformance
 * reports in every format, and the output of both CLIs. The canary (and its URL-encoded form, and every token
 * the platform issued for it) must appear nowhere.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, promisify } from 'node:util';
import {
  formatJunitReport,
  formatReport,
  formatTextReport,
  runConformance,
} from '@neural/connector-conformance';
import { HttpConnector } from '@neural/connector-http';
import { MockConnector } from '@neural/connector-mock';
import { SlurmConnector } from '@neural/connector-slurm';
import { createFakePlatform } from '@neural/fake-platform';
import {
  formatJobOutput,
  JobResult,
  type Logger,
  type LogLevel,
  Redactor,
  waitForCompletion,
} from '@neural/integrations-core';
import { getResponse, HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakTarget } from './support/leak-target.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const run = promisify(execFile);

// Characters that URL-encoding changes, so a secret leaked through a query string is caught in both forms.
const SECRET = `sk-LEAK-CANARY-${randomBytes(8).toString('hex')}+/=`;

/** Everything produced during the run, tagged with where it came from. */
const produced: { where: string; text: string }[] = [];
/** Every value that must never appear: the canary, its encoded form, and every token issued for it. */
const forbidden = new Set<string>([SECRET, encodeURIComponent(SECRET)]);
const levelsSeen = new Set<LogLevel>();

function capture(where: string, text: string) {
  produced.push({ where, text });
}

/** A logger at level debug that records every line, message and fields, as a real sink would print them. */
function capturingLogger(where: string): Logger {
  const line = (level: LogLevel) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    levelsSeen.add(level);
    capture(
      `${where} log.${level}`,
      `${message} ${JSON.stringify(fields ?? {})} ${inspect(fields, { depth: 8 })}`,
    );
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** Records an error the way a user would see it: message, stack, inspect, JSON, and each cause in turn. */
function captureError(where: string, error: unknown) {
  capture(`${where} inspect`, inspect(error, { depth: 10 }));
  try {
    capture(`${where} JSON`, JSON.stringify(error) ?? '');
  } catch {
    // Not serialisable is not a leak.
  }
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) {
      capture(`${where} cause[${depth}].message`, current.message);
      capture(`${where} cause[${depth}].stack`, current.stack ?? '');
      current = current.cause;
    } else {
      capture(`${where} cause[${depth}]`, inspect(current));
      break;
    }
  }
}

/** Runs `call`, keeping what it returns and, if it throws, everything about the error. */
async function attempt<T>(where: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    const value = await call();
    capture(`${where} result`, inspect(value, { depth: 8 }));
    return value;
  } catch (error) {
    captureError(where, error);
    return undefined;
  }
}

function captureConnector(where: string, connector: unknown) {
  capture(`${where} JSON.stringify`, JSON.stringify(connector));
  capture(`${where} util.inspect`, inspect(connector, { depth: 10, showHidden: true }));
  capture(`${where} String`, String(connector));
}

/** A fetch that hands requests to MSW handlers in process, with per-test overrides tried first. */
function inProcessFetch(
  handlers: Parameters<typeof getResponse>[0],
  overrides: () => Parameters<typeof getResponse>[0],
) {
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    // As a real fetch does, give up when the request's signal aborts (the connector's timeout, the caller).
    const aborted = new Promise<never>((_, reject) => {
      if (request.signal.aborted) reject(request.signal.reason);
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
    });
    const response = await Promise.race([
      (async () =>
        (await getResponse(overrides(), request.clone())) ??
        (await getResponse(handlers, request)) ??
        new Response('no handler', { status: 404 }))(),
      aborted,
    ]);
    if (request.url.endsWith('/v1/auth/token') && response.ok) {
      const body = (await response.clone().json()) as { accessToken?: string };
      if (body.accessToken) forbidden.add(body.accessToken);
    }
    return response;
  };
  return fetch;
}

/** A handler that answers an error page quoting every request header back, as a careless proxy would. */
const echoHeaders =
  (status: number) =>
  ({ request }: { request: Request }) =>
    new HttpResponse(
      JSON.stringify({
        title: 'echo',
        detail: `headers were ${JSON.stringify(Object.fromEntries(request.headers))} url ${request.url}`,
      }),
      { status, headers: { 'content-type': 'application/problem+json' } },
    );

describe('a known secret never appears in anything the project produces', () => {
  let workdir: string;
  beforeAll(async () => {
    workdir = await mkdtemp(join(tmpdir(), 'reliability-secrets-'));
  });
  afterAll(() => rm(workdir, { recursive: true, force: true }));

  it('HttpConnector against the fake platform: every operation and every failure path', async () => {
    const platform = createFakePlatform({ apiKey: SECRET });
    let overrides: Parameters<typeof getResponse>[0] = [];
    const fetch = inProcessFetch(platform.handlers, () => overrides);
    const make = (apiKey: string, timeoutMs = 5_000) =>
      new HttpConnector(
        { apiKey, endpoint: platform.url },
        {
          fetch,
          allowInsecureHttp: true,
          timeoutMs,
          logger: capturingLogger('http'),
          retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
        },
      );
    const connector = make(SECRET);
    expect(await connector.authenticate()).toBe(true);
    const jobId = (await attempt('http submitJob', () =>
      connector.submitJob({ code: "# @fake duration=10ms\nprint('done')", jobName: 'canary' }),
    )) as string;
    await attempt('http waitForCompletion', () => waitForCompletion(connector, jobId, { pollIntervalMs: 5 }));
    const result = await attempt('http getJobResult', () => connector.getJobResult(jobId));
    if (result) capture('http formatJobOutput', formatJobOutput(result));
    await attempt('http getJobStatus', () => connector.getJobStatus(jobId));
    await attempt('http getLogs', () => connector.getLogs(jobId));
    await attempt('http followLogs', async () => {
      const lines: string[] = [];
      for await (const line of connector.followLogs(jobId)) lines.push(line);
      return lines;
    });
    await attempt('http listJobs', () => connector.listJobs({ limit: 5 }));
    await attempt('http cancelJob', () => connector.cancelJob(jobId));
    await attempt('http getResourceUsage', () => connector.getResourceUsage());
    await attempt('http unknown job', () => connector.getJobStatus('no-such-job'));
    await attempt('http bad input', () => connector.submitJob({ code: '', jobName: SECRET }));
    captureConnector('http connector', connector);

    // The wrong key: the platform refuses it, and the call that needed a token fails.
    const wrong = make(`${SECRET}-wrong`);
    await attempt('http wrong key authenticate', () => wrong.authenticate());
    await attempt('http wrong key submit', () => wrong.submitJob({ code: 'print(1)' }));
    captureConnector('http wrong-key connector', wrong);

    // Every failure path, each answered by a hostile platform that quotes the request headers back.
    const failures: [string, Parameters<typeof getResponse>[0], number?][] = [
      ['401 on every route', [http.all('*/v1/jobs*', echoHeaders(401))]],
      ['403', [http.all('*/v1/jobs*', echoHeaders(403))]],
      ['500', [http.all('*/v1/jobs*', echoHeaders(500))]],
      [
        '429',
        [
          http.all(
            '*/v1/jobs*',
            () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '0' } }),
          ),
        ],
      ],
      ['network error', [http.all('*/v1/jobs*', () => HttpResponse.error())]],
      ['token route fails', [http.post('*/v1/auth/token', echoHeaders(500))]],
      [
        'malformed JSON quoting the headers',
        [
          http.all(
            '*/v1/jobs*',
            ({ request }) =>
              new HttpResponse(`{"id": "${request.headers.get('authorization')}", broken`, {
                headers: { 'content-type': 'application/json' },
              }),
          ),
        ],
      ],
      ['timeout', [http.all('*/v1/jobs*', () => new Promise<never>(() => {}))], 30],
    ];
    for (const [name, handlers, timeoutMs] of failures) {
      overrides = handlers;
      const victim = make(SECRET, timeoutMs);
      await attempt(`http ${name} authenticate`, () => victim.authenticate());
      await attempt(`http ${name} submitJob`, () => victim.submitJob({ code: 'print(1)' }));
      await attempt(`http ${name} getJobStatus`, () => victim.getJobStatus('job-1'));
      await attempt(`http ${name} listJobs`, () => victim.listJobs());
      await attempt(`http ${name} followLogs`, async () => {
        for await (const _ of victim.followLogs('job-1')) {
          // Drained only to reach the failure.
        }
      });
    }
    overrides = [];
    const aborted = new AbortController();
    aborted.abort(new Error(`aborted while holding ${SECRET}`));
    await attempt('http aborted', () => connector.getJobStatus('job-1', { signal: aborted.signal }));
    expect(forbidden.size, 'the tokens the platform issued are searched for too').toBeGreaterThan(2);
    platform.model.dispose();
  });

  it('MockConnector with the secret as key, including an override that throws it', async () => {
    const mock = new MockConnector({
      credentials: { apiKey: SECRET },
      acceptApiKey: SECRET,
      queueMs: 1,
      durationMs: 1,
      logger: capturingLogger('mock'),
    });
    await attempt('mock authenticate', () => mock.authenticate());
    const jobId = (await attempt('mock submitJob', () => mock.submitJob({ code: 'print(1)' }))) as string;
    await attempt('mock wait', () => waitForCompletion(mock, jobId, { pollIntervalMs: 1 }));
    const result = await attempt('mock result', () => mock.getJobResult(jobId));
    if (result) capture('mock formatJobOutput', formatJobOutput(result));
    mock.override('getJobStatus', () => {
      throw new Error(`platform said: bad key ${SECRET}`);
    });
    await attempt('mock override throws', () => mock.getJobStatus(jobId));
    captureConnector('mock connector', mock);
    const wrong = new MockConnector({
      credentials: { apiKey: `${SECRET}-wrong` },
      acceptApiKey: SECRET,
      logger: capturingLogger('mock wrong'),
    });
    await attempt('mock wrong key', () => wrong.authenticate());
    await attempt('mock wrong key submit', () => wrong.submitJob({ code: 'print(1)' }));
    captureConnector('mock wrong-key connector', wrong);
  });

  it('a connector’s own logger scrubs the secret at every level, from the message and from nested fields', () => {
    // No shipped connector logs at every level on its own; a subclass writing the secret at each level proves
    // the one logging path (BaseConnector's redacting logger) scrubs them all.
    class LoudConnector extends MockConnector {
      shout() {
        for (const level of ['debug', 'info', 'warn', 'error'] as const) {
          this.logger[level](`${level}: key ${SECRET} in ${encodeURIComponent(SECRET)}`, {
            apiKey: SECRET,
            nested: { header: `Bearer ${SECRET}`, list: [SECRET] },
            error: new Error(`failed with ${SECRET}`),
          });
        }
      }
    }
    new LoudConnector({ credentials: { apiKey: SECRET }, logger: capturingLogger('loud') }).shout();
    expect(levelsSeen.has('error')).toBe(true);
  });

  it('SlurmConnector with the secret as its JWT, against slurmrestd answers that quote it back', async () => {
    const meta = { plugin: { type: 'openapi/v0.0.38' } };
    let mode: 'ok' | 'echo401' | 'echo500' | 'network' | 'hang' = 'ok';
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      const headers = JSON.stringify(Object.fromEntries(request.headers));
      if (mode === 'network')
        throw new TypeError('fetch failed', {
          cause: new Error(`connect to ${request.url} with ${headers}`),
        });
      if (mode === 'hang')
        return new Promise<never>((_, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        );
      if (mode === 'echo401') return new Response(`Authentication failure for ${headers}`, { status: 401 });
      if (mode === 'echo500')
        return Response.json(
          { meta, errors: [{ error_number: 1, error: `internal error, headers ${headers}` }] },
          { status: 500 },
        );
      const path = new URL(request.url).pathname;
      if (path.endsWith('/ping'))
        return Response.json({
          meta,
          errors: [],
          pings: [{ hostname: 'vm', ping: 'UP', status: 0, mode: 'primary' }],
        });
      if (path.endsWith('/job/submit'))
        return Response.json({ meta, errors: [], job_id: 9, step_id: 'BATCH' });
      return Response.json(
        {
          meta,
          errors: [
            {
              error_number: 2017,
              error: `Invalid job id, token ${request.headers.get('x-slurm-user-token')}`,
            },
          ],
        },
        { status: 404 },
      );
    };
    const make = () =>
      new SlurmConnector(
        { endpoint: 'http://slurm.leak.test:6820', user: 'root', token: SECRET },
        {
          fetch,
          workdir,
          timeoutMs: 30,
          logger: capturingLogger('slurm'),
          retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
        },
      );
    for (const next of ['ok', 'echo401', 'echo500', 'network', 'hang'] as const) {
      mode = next;
      const slurm = make();
      await attempt(`slurm ${next} authenticate`, () => slurm.authenticate());
      await attempt(`slurm ${next} submitJob`, () => slurm.submitJob({ code: 'print(1)' }));
      await attempt(`slurm ${next} getJobStatus`, () => slurm.getJobStatus('9'));
      await attempt(`slurm ${next} listJobs`, () => slurm.listJobs());
      captureConnector(`slurm ${next} connector`, slurm);
    }
  });

  it('conformance reports (text, json, junit) of a connector holding the secret', async () => {
    const target = leakTarget(SECRET, {
      onToken: (token) => forbidden.add(token),
      logger: capturingLogger('conformance'),
    });
    const report = await runConformance(target, { only: ['auth.', 'submit.', 'status.', 'errors.'] });
    capture('conformance text', formatTextReport(report));
    capture('conformance json', formatReport(report, 'json'));
    capture('conformance junit', formatJunitReport(report));
    capture('conformance report inspect', inspect(report, { depth: 10 }));
    expect(report.clauses.length).toBeGreaterThan(0);
  });

  it('formatJobOutput of a job that printed the secret, given the connector’s redactor', () => {
    const result = new JobResult({
      jobId: 'job-1',
      status: 'failed',
      output: `using key ${SECRET}`,
      error: `401 for ${encodeURIComponent(SECRET)}`,
      metrics: { key: SECRET },
      artifacts: [`s3://bucket/${SECRET}`],
    });
    capture('formatJobOutput with redactor', formatJobOutput(result, { redactor: new Redactor([SECRET]) }));
  });

  it('the neural-conformance CLI with the json reporter against a target using the secret', async () => {
    const cli = join(repo, 'packages/connector-conformance/dist/cli.js');
    const target = join(here, 'support/leak-target.ts');
    const result = await run(
      process.execPath,
      [cli, target, '--reporter', 'json', '--only', 'auth.,submit.'],
      {
        env: { ...process.env, NEURAL_LEAK_CANARY: SECRET },
        timeout: 60_000,
      },
    ).catch((error: { stdout: string; stderr: string }) => error);
    capture('neural-conformance stdout', result.stdout);
    capture('neural-conformance stderr', result.stderr);
    expect(result.stdout).toContain('"clauses"');
  });

  it('the neural-fake-platform CLI given the secret as --api-key (and with a bad flag beside it)', async () => {
    const cli = join(repo, 'packages/fake-platform/dist/cli.js');
    const child = spawn(process.execPath, [cli, '--api-key', SECRET, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    await new Promise<void>((resolveListening, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out} ${err}`)), 15_000);
      child.stdout.on('data', () => {
        if (out.includes('listening')) {
          clearTimeout(timer);
          resolveListening();
        }
      });
    });
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
    capture('neural-fake-platform stdout', out);
    capture('neural-fake-platform stderr', err);
    const bad = await run(process.execPath, [
      cli,
      '--api-key',
      SECRET,
      '--port',
      'not-a-port',
      `--${SECRET}`,
    ]).catch((error: { stdout: string; stderr: string }) => error);
    capture('neural-fake-platform bad flags stdout', bad.stdout);
    capture('neural-fake-platform bad flags stderr', bad.stderr);
    expect(bad.stderr.length).toBeGreaterThan(0);
  });

  it('found the secret nowhere in all of it, and log lines at every level were scanned', () => {
    expect(produced.length).toBeGreaterThan(200);
    const leaks = produced
      .filter(({ text }) => [...forbidden].some((secret) => text.includes(secret)))
      .map(({ where, text }) => {
        const secret = [...forbidden].find((s) => text.includes(s)) as string;
        const at = text.indexOf(secret);
        return `${where}: …${text.slice(Math.max(0, at - 80), at + 40)}…`;
      });
    expect(leaks).toEqual([]);
    expect([...levelsSeen].sort()).toEqual(['debug', 'error', 'info', 'warn']);
  });
});

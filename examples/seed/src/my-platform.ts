import { randomUUID } from 'node:crypto';
import type { Clock } from '@neural/integrations-core';

/**
 * The "remote" side of the example: a small in-memory ML platform with its own vocabulary (states `queued`,
 * `running`, `done`, `error`, `stopped`), API keys and tokens, and HTTP-like errors. It stands in for the
 * service a real connector talks to over the network, so that `MyPlatformConnector` has something real to
 * translate: states to map, errors to map, tokens to keep.
 */

/** A job as the platform describes it (its wire format, in a real platform). */
export interface PlatformJob {
  readonly id: string;
  readonly name: string | null;
  readonly state: 'queued' | 'running' | 'done' | 'error' | 'stopped';
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly output: string | null;
  readonly error: string | null;
  readonly metrics: Record<string, number>;
}

/** What the platform answers a bad request with, as an HTTP API would. */
export class PlatformError extends Error {
  constructor(
    readonly status: 401 | 404 | 409 | 422 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

/** What the platform needs to know about a new job. */
export interface CreateJobBody {
  code: string;
  name?: string | undefined;
  resources: Record<string, unknown>;
  environment: Record<string, string>;
  dependencies: readonly string[];
  idempotencyKey?: string | undefined;
}

interface StoredJob {
  id: string;
  seq: number;
  body: CreateJobBody;
  createdAt: number;
  stoppedAt: number | null;
}

/** How the platform behaves. */
export interface MyPlatformOptions {
  /** The API keys it accepts. */
  apiKeys: readonly string[];
  /** Where it reads time. */
  clock: Clock;
  /** How long a job waits in the queue. Default 20 ms. */
  queueMs?: number;
  /** How long a job runs. Default 80 ms. */
  runMs?: number;
}

const PRINT = /print\(\s*["']([^"'\n]*)["']\s*\)/g;
const RAISE = /raise\s+\w*\(\s*["']([^"'\n]*)["']\s*\)/;

/** The platform itself. A job "runs" the code by printing its `print("…")` lines; `raise X("…")` fails it. */
export class MyPlatform {
  readonly #apiKeys: ReadonlySet<string>;
  readonly #clock: Clock;
  readonly #queueMs: number;
  readonly #runMs: number;
  readonly #tokens = new Set<string>();
  readonly #jobs = new Map<string, StoredJob>();
  readonly #idempotency = new Map<string, string>();
  #seq = 0;
  #unavailableFor = 0;

  constructor(options: MyPlatformOptions) {
    this.#apiKeys = new Set(options.apiKeys);
    this.#clock = options.clock;
    this.#queueMs = options.queueMs ?? 20;
    this.#runMs = options.runMs ?? 80;
  }

  /** Makes the next `n` requests fail with 503, as a platform under maintenance does. */
  failNextRequests(n: number): void {
    this.#unavailableFor = n;
  }

  /** Exchanges an API key for a bearer token. */
  issueToken(apiKey: string): string {
    this.#gate();
    if (!this.#apiKeys.has(apiKey)) throw new PlatformError(401, 'invalid API key');
    const token = `tok_${randomUUID()}`;
    this.#tokens.add(token);
    return token;
  }

  /** Creates a job; the same idempotency key gives back the same job. */
  createJob(token: string, body: CreateJobBody): PlatformJob {
    this.#authorise(token);
    if (body.idempotencyKey !== undefined) {
      const existing = this.#idempotency.get(body.idempotencyKey);
      if (existing !== undefined) return this.#describe(this.#jobs.get(existing)!);
    }
    const seq = ++this.#seq;
    const job: StoredJob = {
      id: `mp-${String(seq).padStart(5, '0')}-${randomUUID().slice(0, 8)}`,
      seq,
      body: structuredClone(body),
      createdAt: this.#clock.now(),
      stoppedAt: null,
    };
    this.#jobs.set(job.id, job);
    if (body.idempotencyKey !== undefined) this.#idempotency.set(body.idempotencyKey, job.id);
    return this.#describe(job);
  }

  /** One job. */
  getJob(token: string, id: string): PlatformJob {
    this.#authorise(token);
    return this.#describe(this.#find(id));
  }

  /** Every job, newest first. */
  listJobs(token: string): PlatformJob[] {
    this.#authorise(token);
    return [...this.#jobs.values()].sort((a, b) => b.seq - a.seq).map((job) => this.#describe(job));
  }

  /** Stops a queued or running job; a finished one is left alone. */
  stopJob(token: string, id: string): { stopped: boolean } {
    this.#authorise(token);
    const job = this.#find(id);
    const { state } = this.#describe(job);
    if (state !== 'queued' && state !== 'running') return { stopped: false };
    job.stoppedAt = this.#clock.now();
    return { stopped: true };
  }

  /** The job's log so far. */
  logs(token: string, id: string): string {
    this.#authorise(token);
    const job = this.#find(id);
    const view = this.#describe(job);
    const lines = [`queued ${job.id}${job.body.name ? ` (${job.body.name})` : ''}`];
    if (view.startedAt !== null) lines.push(`started with ${job.body.dependencies.length} dependencies`);
    if (view.state === 'done' || view.state === 'error') lines.push(...(view.output ?? '').split('\n'));
    if (view.state === 'done') lines.push('finished');
    if (view.state === 'error') lines.push(`error: ${view.error}`);
    if (view.state === 'stopped') lines.push('stopped on request');
    return `${lines.join('\n')}\n`;
  }

  #gate(): void {
    if (this.#unavailableFor > 0) {
      this.#unavailableFor--;
      throw new PlatformError(503, 'service unavailable, try again');
    }
  }

  #authorise(token: string): void {
    this.#gate();
    if (!this.#tokens.has(token)) throw new PlatformError(401, 'missing or unknown token');
  }

  #find(id: string): StoredJob {
    const job = this.#jobs.get(id);
    if (!job) throw new PlatformError(404, `no job ${id}`);
    return job;
  }

  #describe(job: StoredJob): PlatformJob {
    const now = this.#clock.now();
    const startsAt = job.createdAt + this.#queueMs;
    const endsAt = startsAt + this.#runMs;
    const printed = [...job.body.code.matchAll(PRINT)].map((match) => match[1]!);
    const raised = RAISE.exec(job.body.code)?.[1];
    const base = { id: job.id, name: job.body.name ?? null, createdAt: job.createdAt, metrics: {} };
    if (job.stoppedAt !== null) {
      const startedAt = job.stoppedAt >= startsAt ? startsAt : null;
      return { ...base, state: 'stopped', startedAt, finishedAt: job.stoppedAt, output: null, error: null };
    }
    if (now < startsAt)
      return { ...base, state: 'queued', startedAt: null, finishedAt: null, output: null, error: null };
    if (now < endsAt)
      return { ...base, state: 'running', startedAt: startsAt, finishedAt: null, output: null, error: null };
    return {
      ...base,
      state: raised === undefined ? 'done' : 'error',
      startedAt: startsAt,
      finishedAt: endsAt,
      output: printed.length > 0 ? printed.join('\n') : raised === undefined ? 'Job completed' : null,
      error: raised ?? null,
      metrics: { lines_printed: printed.length },
    };
  }
}

/**
 * The fake workspace's state and every operation the connector uses, MSW-free: a request in, an answer out.
 * Answers follow the Databricks REST reference (checked in test/fake-spec.test.ts against the published API
 * definition); requests are validated as strictly as the real service validates them. Each part of the API
 * is answered by its own module (`oauth.ts`, `workspace-objects.ts`, `jobs-runs.ts`, `files.ts`,
 * `endpoints.ts`) over the state in `state.ts`; traffic is remembered by `request-log.ts`.
 */
import type { FakeAnswer, FakeRequest } from './answers.js';
import * as endpoints from './endpoints.js';
import * as files from './files.js';
import * as jobsRuns from './jobs-runs.js';
import * as oauth from './oauth.js';
import type { FakeFaultKind, ResolvedFakeOptions } from './options.js';
import { ExchangeLog, type FakeExchange, FaultQueue } from './request-log.js';
import type { FakeRunRecord } from './run.js';
import { createFakeWorkspaceState, type FakeWorkspaceState } from './state.js';
import * as workspaceObjects from './workspace-objects.js';

export type { FakeExchange } from './request-log.js';

/** The simulated workspace: runs, workspace objects, files, serving endpoints and OAuth tokens. */
export class FakeDatabricksModel {
  readonly options: ResolvedFakeOptions;
  readonly #state: FakeWorkspaceState;
  readonly #exchanges: ExchangeLog;
  readonly #queuedFaults = new FaultQueue();

  constructor(options: ResolvedFakeOptions) {
    this.options = options;
    this.#state = createFakeWorkspaceState(options);
    this.#exchanges = new ExchangeLog(options.maxRecordedExchanges);
  }

  /** Every recorded exchange, oldest first (at most `maxRecordedExchanges`). */
  get exchanges(): readonly FakeExchange[] {
    return this.#exchanges.all;
  }

  /** How many runs were submitted (a resent submit with a known idempotency token adds none). */
  get runCount(): number {
    return this.#state.runs.size;
  }

  /** The ids of every run, in submit order. */
  get runIds(): number[] {
    return [...this.#state.runs.keys()];
  }

  /** The run `runId`, for a test to inspect (`undefined` when there is none). */
  run(runId: number): Readonly<FakeRunRecord> | undefined {
    return this.#state.runs.get(runId);
  }

  /** The text of the workspace file or notebook at `path`. */
  workspaceObject(
    path: string,
  ): { objectType: string; content: string; language?: string | undefined } | undefined {
    return this.#state.workspace.get(path);
  }

  /** The bytes stored at `path` on the Files API. */
  file(path: string): Uint8Array | undefined {
    return this.#state.files.get(path);
  }

  /** The names of the serving endpoints that exist. */
  get endpointNames(): string[] {
    return [...this.#state.endpoints.keys()];
  }

  /** Makes the next `count` requests of `operationId` get `kind` (a scenario step, not a random fault). */
  injectFault(operationId: string, kind: FakeFaultKind, count = 1): void {
    this.#queuedFaults.add(operationId, kind, count);
  }

  /** Takes the next queued fault of `operationId`, if any. */
  takeQueuedFault(operationId: string): FakeFaultKind | undefined {
    return this.#queuedFaults.take(operationId);
  }

  /** Shows states no directive asks for (`INTERNAL_ERROR`, `SKIPPED`, `BLOCKED`, a 2.2 result). */
  forceRunState(runId: number, lifeCycleState: string, resultState?: string, message?: string): void {
    const run = this.#state.runs.get(runId);
    if (!run) throw new Error(`no run ${runId}`);
    run.forced = { lifeCycleState, resultState, message };
  }

  /** Records an exchange, dropping the oldest past the limit. */
  record(exchange: FakeExchange): void {
    this.#exchanges.record(exchange);
  }

  /** Whether `authorization` carries the personal access token or a live OAuth token; the OAuth token, if so. */
  authorize(authorization: string | null): {
    ok: boolean;
    expired?: boolean;
    oauthToken?: string | undefined;
  } {
    return oauth.authorize(this.#state, authorization);
  }

  /** Expires an OAuth token now (the `token-expired` fault). */
  expireToken(token: string): void {
    oauth.expireToken(this.#state, token);
  }

  /** `POST /oidc/v1/token`: client credentials in a Basic header (or the form), form-encoded grant. */
  oidcToken(request: FakeRequest): FakeAnswer {
    return oauth.oidcToken(this.#state, request);
  }

  /** `POST /api/2.0/workspace/mkdirs`: creates the folder and its parents. */
  mkdirs(body: unknown): FakeAnswer {
    return workspaceObjects.mkdirs(this.#state, body);
  }

  /** `POST /api/2.0/workspace/import`. */
  importObject(body: unknown): FakeAnswer {
    return workspaceObjects.importObject(this.#state, body);
  }

  /** `POST /api/2.1/jobs/runs/submit`. */
  submitRun(body: unknown): FakeAnswer {
    return jobsRuns.submitRun(this.#state, body);
  }

  /** `GET /api/2.1/jobs/runs/get`. */
  getRun(query: URLSearchParams): FakeAnswer {
    return jobsRuns.getRun(this.#state, query);
  }

  /** `GET /api/2.1/jobs/runs/get-output` of a task run. */
  getRunOutput(query: URLSearchParams): FakeAnswer {
    return jobsRuns.getRunOutput(this.#state, query);
  }

  /** `POST /api/2.1/jobs/runs/cancel`: asynchronous on Databricks, immediate here; a no-op on an ended run. */
  cancelRun(body: unknown): FakeAnswer {
    return jobsRuns.cancelRun(this.#state, body);
  }

  /** `GET /api/2.1/jobs/runs/list`: newest first, by `offset` or `page_token`. */
  listRuns(query: URLSearchParams): FakeAnswer {
    return jobsRuns.listRuns(this.#state, query);
  }

  /** `PUT /api/2.0/fs/files{path}`: stores the body; `overwrite=false` refuses an existing file. */
  putFile(path: string, query: URLSearchParams, body: Uint8Array): FakeAnswer {
    return files.putFile(this.#state, path, query, body);
  }

  /** `GET` or `HEAD /api/2.0/fs/files{path}`. */
  getFile(path: string, headOnly: boolean): FakeAnswer {
    return files.getFile(this.#state, path, headOnly);
  }

  /** `POST /api/2.0/serving-endpoints`. */
  createEndpoint(body: unknown): FakeAnswer {
    return endpoints.createEndpoint(this.#state, body);
  }

  /** `GET /api/2.0/serving-endpoints/{name}`. */
  getEndpoint(name: string): FakeAnswer {
    return endpoints.getEndpoint(this.#state, name);
  }

  /** `DELETE /api/2.0/serving-endpoints/{name}`. */
  deleteEndpoint(name: string): FakeAnswer {
    return endpoints.deleteEndpoint(this.#state, name);
  }
}

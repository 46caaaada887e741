/**
 * `KubernetesConnector`: a job is a `batch/v1` Job with one pod. The class wires the pieces; each operation
 * lives in `connector/` (authenticate, submit, result, cancel and its record, listing, logs, follow-logs, wait,
 * resource-usage) over the client in `connector/client.ts`. The options are in `options.ts`, the manifests in
 * `job-spec.ts`, the state table in `states.ts` and the error mapping in `errors.ts`.
 */
import {
  BaseConnector,
  type CallOptions,
  type FollowLogsOptions,
  type JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseOrThrow,
  type ResourceUsage,
  type StatusChange,
  type SubmitJobRequest,
  systemClock,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import { mayCreateJobs } from './connector/authenticate.js';
import { cancelJob } from './connector/cancel.js';
import { KubeClient } from './connector/client.js';
import { followLogs } from './connector/follow-logs.js';
import { listJobs } from './connector/listing.js';
import { readLogs } from './connector/logs.js';
import { observe, stateOf } from './connector/observe.js';
import { resourceUsage } from './connector/resource-usage.js';
import { jobResult } from './connector/result.js';
import { submitJob } from './connector/submit.js';
import { waitForStatusChange } from './connector/wait.js';
import {
  type KubernetesCredentials,
  KubernetesCredentialsSchema,
  kubeConfigSecrets,
  loadKubeConfig,
} from './credentials.js';
import type { JobDefaults } from './job-spec.js';
import { jobDefaultsOf, type KubernetesConnectorOptions, KubernetesOptionsSchema } from './options.js';

export type { KubernetesConnectorOptions } from './options.js';

/**
 * Runs jobs on Kubernetes as `batch/v1` Jobs, through the official client (`@kubernetes/client-node`).
 *
 * Each job is one Job with one pod (`backoffLimit: 0`): the code in a ConfigMap (owned by the Job, so it
 * goes with it) mounted at `/neural`, run by `python -u` in the image from the options or
 * `customParams.image`. Submits are idempotent: with an idempotency key the Job's name derives from it, and
 * a `409 AlreadyExists` for a Job this submit made is the answer, not an error. `cancelJob` deletes the Job
 * with foreground propagation and leaves a small record (`<job>-cancelled`, a ConfigMap with the logs up to
 * the cancel) so the job reads `cancelled` afterwards.
 *
 * @example
 * ```ts
 * const k8s = new KubernetesConnector({ kubeconfigPath: '~/.kube/config', context: 'gpu-cluster' }, { namespace: 'ml' });
 * const id = await k8s.submitJob({ code: "print('hello from kubernetes')", resourceConfig: { cpuCount: 1 } });
 * ```
 */
export class KubernetesConnector extends BaseConnector<KubernetesCredentials> {
  /** The namespace jobs run in. */
  readonly namespace: string;
  readonly #client: KubeClient;
  readonly #defaults: JobDefaults;
  readonly #logPollIntervalMs: number;
  readonly #maxLogReconnects: number;

  constructor(credentials: KubernetesCredentials = {}, options: KubernetesConnectorOptions = {}) {
    super(credentials, { logger: options.logger, credentialsSchema: KubernetesCredentialsSchema });
    const parsed = parseOrThrow(KubernetesOptionsSchema, options, 'KubernetesConnector options');
    const kubeConfig = loadKubeConfig(this.credentials);
    for (const secret of kubeConfigSecrets(kubeConfig)) this.redactor.add(secret);
    const contextNamespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
    this.namespace = parsed.namespace ?? contextNamespace ?? 'default';
    this.#client = new KubeClient(
      kubeConfig,
      this.namespace,
      options.clock ?? systemClock,
      { maxAttempts: 5, initialDelayMs: 200, maxElapsedMs: 60_000, ...options.retry },
      this.logger,
    );
    this.#defaults = jobDefaultsOf(parsed);
    this.#logPollIntervalMs = parsed.logPollIntervalMs ?? 1_000;
    this.#maxLogReconnects = parsed.maxLogReconnects ?? 5;
    // Submits are safe to retry (see submitJob), so the connector promises idempotency.
    this.declaredCapabilities = { idempotency: true };
  }

  /**
   * Asks the API server, with a SelfSubjectAccessReview, whether these credentials may create Jobs in the
   * namespace: `true` when they may, `false` when the credentials are refused (401) or lack that permission.
   *
   * @throws CloudConnectionError when the API server cannot be reached.
   */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    this.authenticated = await mayCreateJobs(this.#client, options.signal);
    return this.authenticated;
  }

  /**
   * Creates the job's Job and its code's ConfigMap, and returns the Job's name, which is the job id. Resources
   * and `customParams` map as the README's tables say. Safe to retry: a `409` for a Job this submit (or an
   * earlier one with the same idempotency key) made returns that Job.
   *
   * @throws InvalidParameterError before anything is sent, for a bad request or `customParams`.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    return submitJob(this.#client, this.#defaults, request);
  }

  /** The job's status, from its Job's conditions and its pod (see the README's state table). */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return stateOf(await observe(this.#client, 'getJobStatus', jobId, options.signal)).status;
  }

  /**
   * The job's result: status, raw state, its log as `output`, the failure reason as `error` (`OOMKilled`,
   * `Evicted`, `DeadlineExceeded`, … with the container's last lines), and its run time.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    return jobResult(this.#client, jobId, options.signal);
  }

  /**
   * Cancels a pending or running job: records the cancel (a `<job>-cancelled` ConfigMap holding the logs so
   * far), then deletes the Job with foreground propagation, so its pod and code go first. `false` for a job
   * that had already finished (or was cancelled), which is left as it was.
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    return cancelJob(this.#client, jobId, options.signal);
  }

  /**
   * This connector's jobs in the namespace (by its `app.kubernetes.io/managed-by` label), cancelled ones
   * included, newest first, at most `limit`, only those in `statusFilter` when given.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    return listJobs(this.#client, options);
  }

  /** The job's log so far (its container's output); empty before the container has started. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    return readLogs(this.#client, jobId, options.signal);
  }

  /**
   * Streams the job's log (`follow=true` with timestamps) until the container ends. A broken stream is
   * reopened from the last line's timestamp, skipping the lines already yielded, up to `maxLogReconnects`
   * times in a row; while the container has not started it looks again every `logPollIntervalMs`.
   *
   * @throws CloudConnectionError when the stream keeps breaking.
   */
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    yield* followLogs(
      this.#client,
      { logPollIntervalMs: this.#logPollIntervalMs, maxLogReconnects: this.#maxLogReconnects },
      jobId,
      options,
    );
  }

  /**
   * Resolves as soon as the job's status differs from `since` (`changed: true`), or after `timeoutMs` without a
   * change. Waits with a watch on the Job (its conditions, `ready` count, suspension and deletion are what the
   * status follows), re-reading the job at each event and at least every 30 s.
   */
  override async waitForStatusChange(
    jobId: string,
    options: WaitForStatusChangeOptions,
  ): Promise<StatusChange> {
    return waitForStatusChange(this.#client, jobId, options);
  }

  /**
   * The cluster's capacity from its nodes' allocatable resources against what running pods request:
   * `totalNodes`, `availableNodes` (Ready and schedulable), `totalCpus`, `usedCpus`, `availableCpus`,
   * `memoryGb`, `usedMemoryGb`, `totalGpus`, `usedGpus`, `availableGpus` (the GPU resource name's), and this
   * connector's `runningJobs` and `pendingJobs` in the namespace. Needs `list nodes` and `list pods`
   * cluster-wide (the README's ClusterRole).
   */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    return resourceUsage(this.#client, this.#defaults.gpuResourceName, options.signal);
  }
}

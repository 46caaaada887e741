import {
  ApiException,
  AuthorizationV1Api,
  BatchV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  type KubeConfig,
  Observable,
  type RequestContext,
  type ResponseContext,
  type V1ConfigMap,
  type V1Job,
  type V1Pod,
} from '@kubernetes/client-node';
import {
  AuthenticationError,
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Clock,
  CloudConnectionError,
  CloudExecutionError,
  type ConnectorOptions,
  type FollowLogsOptions,
  followLogsStartOffset,
  InvalidParameterError,
  isTerminalStatus,
  JobNotFoundError,
  JobResult,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  logRetries,
  OperationAbortedError,
  parseListJobsOptions,
  parseOrThrow,
  parseSubmitJobRequest,
  parseWaitForStatusChangeOptions,
  type ResourceUsage,
  type RetryPolicy,
  type StatusChange,
  type SubmitJobRequest,
  systemClock,
  throwIfAborted,
  type WaitForStatusChangeOptions,
  withRetry,
} from '@neural/integrations-core';
import { z } from 'zod';
import {
  type KubernetesCredentials,
  KubernetesCredentialsSchema,
  kubeConfigSecrets,
  loadKubeConfig,
} from './credentials.js';
import { isHttpStatus, type Permission, toContractError } from './errors.js';
import {
  buildJobManifests,
  CONTAINER_NAME,
  JOB_NAME_LABEL,
  type JobDefaults,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  RECORD_LABEL,
  SUBMISSION_ANNOTATION,
  SUBMITTED_AT_ANNOTATION,
} from './job-spec.js';
import { type LogCursor, type StreamEnd, streamPodLog } from './log-stream.js';
import { parseQuantity } from './quantity.js';
import { type MappedJobState, mapJobState } from './states.js';
import { watchJobOnce } from './watch.js';

/** How a {@link KubernetesConnector} behaves; everything but the credentials. */
export interface KubernetesConnectorOptions extends ConnectorOptions {
  /** The namespace jobs run in. Default: the kubeconfig context's namespace, else `default`. */
  namespace?: string | undefined;
  /** The container image when `customParams.image` names none. Default `python:3.12-slim`. */
  image?: string | undefined;
  /** The interpreter the code file is given to. Default `['python', '-u']`. */
  command?: readonly string[] | undefined;
  /** The extended resource GPUs are requested as. Default `nvidia.com/gpu` (`amd.com/gpu`, `gpu.intel.com/i915`, …). */
  gpuResourceName?: string | undefined;
  /** Default `customParams.serviceAccountName`. */
  serviceAccountName?: string | undefined;
  /** Default `customParams.priorityClassName`. */
  priorityClassName?: string | undefined;
  /** Default `customParams.queueName` (a Kueue LocalQueue). */
  queueName?: string | undefined;
  /**
   * The node label `resourceConfig.instanceType` selects nodes by, such as `node.kubernetes.io/instance-type`
   * or `cloud.google.com/machine-family`. Unset (the default), `instanceType` is not used.
   */
  instanceTypeLabel?: string | undefined;
  /** Image pull secrets (names of Secrets in the namespace). */
  imagePullSecrets?: readonly string[] | undefined;
  /** Let Kubernetes delete finished Jobs (and their pods and code) after this many seconds. Default: keep them. */
  ttlSecondsAfterFinished?: number | undefined;
  /** Where time is read and waited on (backoff, log polling). Default the system clock. */
  clock?: Clock | undefined;
  /** How failed calls are retried (429 and 5xx, dropped connections). */
  retry?: Omit<RetryPolicy, 'signal' | 'clock'> | undefined;
  /** How often `followLogs` looks again while the container has not started. Default 1 000 ms. */
  logPollIntervalMs?: number | undefined;
  /** How many times in a row `followLogs` reconnects a broken stream before it gives up. Default 5. */
  maxLogReconnects?: number | undefined;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const OptionsSchema = z.object({
  namespace: z.string().max(63).regex(DNS_LABEL, 'must be a namespace name (a DNS label)').optional(),
  image: z.string().min(1, 'must be a container image reference').optional(),
  command: z.array(z.string().min(1)).min(1, 'must name the interpreter').optional(),
  gpuResourceName: z
    .string()
    .regex(/^[a-z0-9.-]+\/[A-Za-z0-9._-]+$/, 'must be an extended resource name such as nvidia.com/gpu')
    .optional(),
  serviceAccountName: z.string().min(1).optional(),
  priorityClassName: z.string().min(1).optional(),
  queueName: z.string().min(1).optional(),
  imagePullSecrets: z.array(z.string().min(1)).optional(),
  instanceTypeLabel: z
    .string()
    .regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9._-]+$/, 'must be a node label key')
    .optional(),
  ttlSecondsAfterFinished: z
    .number()
    .int('must be a whole number')
    .nonnegative('must not be negative')
    .optional(),
  logPollIntervalMs: z.number().int().positive('must be greater than 0').optional(),
  maxLogReconnects: z.number().int().nonnegative('must not be negative').optional(),
});

/** What `#observe` found for a job id: its Job and pod, or the record a cancel left. */
interface Observed {
  readonly job: V1Job | undefined;
  readonly pod: V1Pod | undefined;
  readonly record: V1ConfigMap | undefined;
}

const RECORD_SUFFIX = '-cancelled';
const MAX_RECORDED_LOG_CHARS = 512 * 1024;
const MAX_CODE_BYTES = 1_000_000;

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
  readonly #kubeConfig: KubeConfig;
  readonly #batch: BatchV1Api;
  readonly #core: CoreV1Api;
  readonly #authorization: AuthorizationV1Api;
  readonly #clock: Clock;
  readonly #retry: Omit<RetryPolicy, 'signal' | 'clock'>;
  readonly #defaults: JobDefaults;
  readonly #logPollIntervalMs: number;
  readonly #maxLogReconnects: number;

  constructor(credentials: KubernetesCredentials = {}, options: KubernetesConnectorOptions = {}) {
    super(credentials, { logger: options.logger, credentialsSchema: KubernetesCredentialsSchema });
    const parsed = parseOrThrow(OptionsSchema, options, 'KubernetesConnector options');
    this.#kubeConfig = loadKubeConfig(this.credentials);
    for (const secret of kubeConfigSecrets(this.#kubeConfig)) this.redactor.add(secret);
    const contextNamespace = this.#kubeConfig.getContextObject(
      this.#kubeConfig.getCurrentContext(),
    )?.namespace;
    this.namespace = parsed.namespace ?? contextNamespace ?? 'default';
    this.#batch = this.#kubeConfig.makeApiClient(BatchV1Api);
    this.#core = this.#kubeConfig.makeApiClient(CoreV1Api);
    this.#authorization = this.#kubeConfig.makeApiClient(AuthorizationV1Api);
    this.#clock = options.clock ?? systemClock;
    this.#retry = { maxAttempts: 5, initialDelayMs: 200, maxElapsedMs: 60_000, ...options.retry };
    this.#defaults = {
      image: parsed.image ?? 'python:3.12-slim',
      command: parsed.command ?? ['python', '-u'],
      gpuResourceName: parsed.gpuResourceName ?? 'nvidia.com/gpu',
      serviceAccountName: parsed.serviceAccountName,
      priorityClassName: parsed.priorityClassName,
      queueName: parsed.queueName,
      imagePullSecrets: parsed.imagePullSecrets ?? [],
      ttlSecondsAfterFinished: parsed.ttlSecondsAfterFinished,
      instanceTypeLabel: parsed.instanceTypeLabel,
    };
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
    throwIfAborted(options.signal);
    try {
      const review = await this.#call(
        'authenticate',
        {
          verb: 'create',
          resource: 'selfsubjectaccessreviews',
          group: 'authorization.k8s.io',
          namespace: undefined,
        },
        (callOptions) =>
          this.#authorization.createSelfSubjectAccessReview(
            {
              body: {
                apiVersion: 'authorization.k8s.io/v1',
                kind: 'SelfSubjectAccessReview',
                spec: {
                  resourceAttributes: {
                    namespace: this.namespace,
                    verb: 'create',
                    group: 'batch',
                    resource: 'jobs',
                  },
                },
              },
            },
            callOptions,
          ),
        options.signal,
      );
      const allowed = review.status?.allowed === true;
      if (!allowed) {
        this.logger.warn('the credentials may not create Jobs in the namespace', {
          namespace: this.namespace,
          reason: review.status?.reason,
        });
      }
      this.authenticated = allowed;
      return allowed;
    } catch (error) {
      // Refused credentials (401), or credentials that may not even ask (403): either way, not usable here.
      if (AuthenticationError.isInstance(error)) {
        this.authenticated = false;
        return false;
      }
      throw error;
    }
  }

  /**
   * Creates the job's Job and its code's ConfigMap, and returns the Job's name, which is the job id. Resources
   * and `customParams` map as the README's tables say. Safe to retry: a `409` for a Job this submit (or an
   * earlier one with the same idempotency key) made returns that Job.
   *
   * @throws InvalidParameterError before anything is sent, for a bad request or `customParams`.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    const parsed = parseSubmitJobRequest(request);
    const manifests = buildJobManifests(parsed, this.#defaults, this.#clock.now());
    const size = Buffer.byteLength(parsed.code) + parsed.dependencies.join('\n').length;
    if (size > MAX_CODE_BYTES) {
      throw InvalidParameterError.fromIssues('submitJob request', [
        {
          field: 'code',
          rule: `must be at most ${MAX_CODE_BYTES} bytes (a ConfigMap holds at most 1 MiB); upload larger code in the image`,
        },
      ]);
    }
    throwIfAborted(parsed.signal);
    const { name, submission } = manifests;
    if (parsed.idempotencyKey !== undefined && (await this.#readRecord(name, parsed.signal))) {
      return name; // this key's job was made and then cancelled: it stays the key's job
    }
    let job: V1Job;
    try {
      job = await this.#call(
        'submitJob',
        this.#permission('create', 'jobs', 'batch'),
        (o) => this.#batch.createNamespacedJob({ namespace: this.namespace, body: manifests.job }, o),
        parsed.signal,
      );
    } catch (error) {
      if (!isHttpStatus(error, 409)) throw error;
      job = await this.#readJob('submitJob', name, parsed.signal).then((found) => {
        if (!found) throw error;
        return found;
      });
      if (job.metadata?.annotations?.[SUBMISSION_ANNOTATION] !== submission) {
        throw new CloudExecutionError(
          `submitJob failed: a Job named "${name}" already exists in namespace "${this.namespace}" and was not made by this submit`,
          { code: 'NAME_CONFLICT', cause: error },
        );
      }
      this.logger.info('the Job already existed: a retried submit', { jobId: name });
    }
    const uid = job.metadata?.uid;
    const configMap = {
      ...manifests.configMap,
      metadata: {
        ...manifests.configMap.metadata,
        // Owned by the Job, so the code goes when the Job goes (kubectl delete, TTL, cancel).
        ...(uid
          ? {
              ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid, blockOwnerDeletion: true }],
            }
          : {}),
      },
    };
    try {
      await this.#call(
        'submitJob',
        this.#permission('create', 'configmaps', ''),
        (o) => this.#core.createNamespacedConfigMap({ namespace: this.namespace, body: configMap }, o),
        parsed.signal,
      );
    } catch (error) {
      if (!isHttpStatus(error, 409)) throw error;
    }
    this.logger.info('submitted Kubernetes Job', { jobId: name, namespace: this.namespace });
    return name;
  }

  /** The job's status, from its Job's conditions and its pod (see the README's state table). */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return this.#state(await this.#observe('getJobStatus', jobId, options.signal)).status;
  }

  /**
   * The job's result: status, raw state, its log as `output`, the failure reason as `error` (`OOMKilled`,
   * `Evicted`, `DeadlineExceeded`, … with the container's last lines), and its run time.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    const observed = await this.#observe('getJobResult', jobId, options.signal);
    const state = this.#state(observed);
    const output = await this.#logsOf(jobId, observed, options.signal);
    return new JobResult({
      jobId,
      status: state.status,
      rawState: state.rawState,
      output,
      error:
        state.error ?? (state.status === JobStatus.CANCELLED ? 'Cancelled: the Job was deleted' : undefined),
      durationSeconds: this.#duration(observed, state),
    });
  }

  /**
   * Cancels a pending or running job: records the cancel (a `<job>-cancelled` ConfigMap holding the logs so
   * far), then deletes the Job with foreground propagation, so its pod and code go first. `false` for a job
   * that had already finished (or was cancelled), which is left as it was.
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    const observed = await this.#observe('cancelJob', jobId, options.signal);
    if (observed.record || !observed.job || isTerminalStatus(this.#state(observed).status)) return false;
    const job = observed.job;
    const logs = await this.#logsOf(jobId, observed, options.signal).catch(() => undefined);
    const now = new Date(this.#clock.now()).toISOString();
    const annotations = job.metadata?.annotations ?? {};
    const record: V1ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${jobId}${RECORD_SUFFIX}`,
        labels: { ...job.metadata?.labels, [MANAGED_BY_LABEL]: MANAGED_BY, [RECORD_LABEL]: 'cancelled' },
        annotations: {
          [SUBMITTED_AT_ANNOTATION]:
            annotations[SUBMITTED_AT_ANNOTATION] ?? toIso(job.metadata?.creationTimestamp) ?? now,
          ...(annotations[JOB_NAME_LABEL] ? { [JOB_NAME_LABEL]: annotations[JOB_NAME_LABEL] } : {}),
          'integrations.neural.dev/started-at': toIso(job.status?.startTime) ?? now,
          'integrations.neural.dev/cancelled-at': now,
        },
      },
      data: { logs: (logs ?? '').slice(-MAX_RECORDED_LOG_CHARS) },
    };
    for (const key of [
      'controller-uid',
      'batch.kubernetes.io/controller-uid',
      'job-name',
      'batch.kubernetes.io/job-name',
      'kueue.x-k8s.io/queue-name',
    ]) {
      delete record.metadata?.labels?.[key];
    }
    try {
      await this.#call(
        'cancelJob',
        this.#permission('create', 'configmaps', ''),
        (o) => this.#core.createNamespacedConfigMap({ namespace: this.namespace, body: record }, o),
        options.signal,
      );
    } catch (error) {
      if (!isHttpStatus(error, 409)) throw error;
    }
    try {
      await this.#call(
        'cancelJob',
        this.#permission('delete', 'jobs', 'batch'),
        (o) =>
          this.#batch.deleteNamespacedJob(
            { name: jobId, namespace: this.namespace, propagationPolicy: 'Foreground' },
            o,
          ),
        options.signal,
      );
    } catch (error) {
      if (!isHttpStatus(error, 404)) throw error;
    }
    this.logger.info('cancelled Kubernetes Job', { jobId, namespace: this.namespace });
    return true;
  }

  /**
   * This connector's jobs in the namespace (by its `app.kubernetes.io/managed-by` label), cancelled ones
   * included, newest first, at most `limit`, only those in `statusFilter` when given.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    const selector = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;
    const [jobs, pods, records] = await Promise.all([
      this.#call(
        'listJobs',
        this.#permission('list', 'jobs', 'batch'),
        (o) => this.#batch.listNamespacedJob({ namespace: this.namespace, labelSelector: selector }, o),
        signal,
      ),
      this.#call(
        'listJobs',
        this.#permission('list', 'pods', ''),
        (o) => this.#core.listNamespacedPod({ namespace: this.namespace, labelSelector: selector }, o),
        signal,
      ),
      this.#call(
        'listJobs',
        this.#permission('list', 'configmaps', ''),
        (o) =>
          this.#core.listNamespacedConfigMap(
            { namespace: this.namespace, labelSelector: `${RECORD_LABEL}=cancelled` },
            o,
          ),
        signal,
      ),
    ]);
    const cancelled = new Map<string, V1ConfigMap>();
    for (const record of records.items) {
      const name = record.metadata?.name ?? '';
      if (name.endsWith(RECORD_SUFFIX)) cancelled.set(name.slice(0, -RECORD_SUFFIX.length), record);
    }
    const summaries: JobSummary[] = [];
    for (const job of jobs.items) {
      const id = job.metadata?.name ?? '';
      if (cancelled.has(id)) continue;
      const state = mapJobState(
        job,
        newestPod(pods.items.filter((pod) => pod.metadata?.labels?.['job-name'] === id)),
      );
      summaries.push({
        id,
        name: job.metadata?.annotations?.[JOB_NAME_LABEL],
        status: state.status,
        rawState: state.rawState,
        createdAt: submittedAt(job.metadata?.annotations, job.metadata?.creationTimestamp),
      });
    }
    for (const [id, record] of cancelled) {
      summaries.push({
        id,
        name: record.metadata?.annotations?.[JOB_NAME_LABEL],
        status: JobStatus.CANCELLED,
        rawState: 'Cancelled',
        createdAt: submittedAt(record.metadata?.annotations, record.metadata?.creationTimestamp),
      });
    }
    return summaries
      .filter((summary) => statusFilter === undefined || summary.status === statusFilter)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .slice(0, limit);
  }

  /** The job's log so far (its container's output); empty before the container has started. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    const observed = await this.#observe('getLogs', jobId, options.signal);
    return (await this.#logsOf(jobId, observed, options.signal)) ?? '';
  }

  /**
   * Streams the job's log (`follow=true` with timestamps) until the container ends. A broken stream is
   * reopened from the last line's timestamp, skipping the lines already yielded, up to `maxLogReconnects`
   * times in a row; while the container has not started it looks again every `logPollIntervalMs`.
   *
   * @throws CloudConnectionError when the stream keeps breaking.
   */
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    const { signal } = options;
    let skip = followLogsStartOffset(options);
    const cursor: LogCursor = { lastNanos: undefined, atLast: 0 };
    let breaks = 0;
    for (;;) {
      throwIfAborted(signal);
      const observed = await this.#observe('followLogs', jobId, signal);
      const state = this.#state(observed);
      const pod = observed.pod?.metadata?.name;
      const started = observed.pod?.status?.containerStatuses?.some(
        (s) => s.state?.running || s.state?.terminated,
      );
      if (observed.record || state.status === JobStatus.CANCELLED) return;
      // A finished container's log is read once more without follow (from the last line seen): a stream cut
      // just before the end would otherwise lose the last lines.
      const follow = !isTerminalStatus(state.status);
      if (!pod || !started) {
        if (!follow) return;
        await this.#clock.sleep(this.#logPollIntervalMs, signal);
        continue;
      }
      const queue: string[] = [];
      let end: StreamEnd | undefined;
      let wake: (() => void) | undefined;
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      let received = 0;
      void streamPodLog(
        this.#kubeConfig,
        { namespace: this.namespace, pod, container: CONTAINER_NAME },
        cursor,
        (line) => {
          received += 1;
          queue.push(`${line}\n`);
          wake?.();
        },
        controller.signal,
        follow,
      ).then((result) => {
        end = result;
        wake?.();
      });
      try {
        for (;;) {
          while (queue.length > 0) {
            let chunk = queue.shift() as string;
            if (skip > 0) {
              const dropped = Math.min(skip, chunk.length);
              chunk = chunk.slice(dropped);
              skip -= dropped;
            }
            if (chunk.length > 0) yield chunk;
          }
          if (end) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
            if (queue.length > 0 || end) resolve();
          });
          wake = undefined;
        }
      } finally {
        controller.abort();
        signal?.removeEventListener('abort', onAbort);
      }
      if (signal?.aborted)
        throw new OperationAbortedError('followLogs was aborted', { cause: signal.reason });
      const finished = end as StreamEnd;
      if (received > 0) breaks = 0;
      if (finished.kind === 'ended') {
        if (!follow) return;
        // The kubelet ends a follow when the container ends; the loop then reads the rest without follow. A
        // stream that ended before (a proxy's timeout, a rotated log) is reopened from the last line, and
        // one that brought nothing new counts as a break.
        if (received > 0) continue;
        const after = this.#state(await this.#observe('followLogs', jobId, signal));
        if (after.status === JobStatus.CANCELLED || isTerminalStatus(after.status)) continue;
      }
      if (finished.kind === 'http') {
        if (finished.status === 400 || finished.status === 404) {
          await this.#clock.sleep(this.#logPollIntervalMs, signal);
          continue;
        }
        const error = toContractError(
          new ApiException(finished.status, 'log stream refused', finished.body, {}),
          'followLogs',
          this.#permission('get', 'pods/log', ''),
        );
        if (!error.retryable) throw error;
      }
      breaks += 1;
      if (breaks > this.#maxLogReconnects) {
        const why =
          finished.kind === 'broken'
            ? finished.error.message
            : finished.kind === 'http'
              ? `HTTP ${finished.status}`
              : 'it ended with nothing new';
        throw new CloudConnectionError(
          `followLogs failed: the log stream broke ${breaks} times in a row (${why})`,
        );
      }
      this.logger.debug('the log stream broke; reconnecting from the last line', { jobId, breaks });
      await this.#clock.sleep(Math.min(5_000, 100 * 2 ** (breaks - 1)), signal);
    }
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
    const { since, timeoutMs, signal } = parseWaitForStatusChangeOptions(options);
    const deadline = this.#clock.now() + timeoutMs;
    for (;;) {
      const observed = await this.#observe('waitForStatusChange', jobId, signal);
      const status = this.#state(observed).status;
      if (status !== since) return Object.freeze({ status, changed: true });
      const remaining = deadline - this.#clock.now();
      if (remaining <= 0) return Object.freeze({ status, changed: false });
      const wait = Math.min(remaining, 30_000);
      if (!observed.job) {
        // Only a cancel record is left: nothing will change it.
        await this.#clock.sleep(remaining, signal);
        continue;
      }
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const outcome = await Promise.race([
          watchJobOnce(
            this.#kubeConfig,
            {
              namespace: this.namespace,
              name: jobId,
              resourceVersion: observed.job.metadata?.resourceVersion,
            },
            wait,
            controller.signal,
          ),
          this.#clock.sleep(wait, controller.signal).then(
            () => ({ kind: 'timeout' as const }),
            () => ({ kind: 'timeout' as const }), // aborted: the watch won, or the caller's signal (checked below)
          ),
        ]);
        throwIfAborted(signal);
        if (outcome.kind === 'failed' || (outcome.kind === 'closed' && outcome.status >= 400)) {
          // A watch refused (RBAC without watch, 410 Gone) or broken: look again after a short pause.
          await this.#clock.sleep(Math.min(1_000, Math.max(0, deadline - this.#clock.now())), signal);
        }
      } catch (error) {
        if (signal?.aborted)
          throw new OperationAbortedError('waitForStatusChange was aborted', { cause: signal.reason });
        throw error;
      } finally {
        controller.abort();
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  /**
   * The cluster's capacity from its nodes' allocatable resources against what running pods request:
   * `totalNodes`, `availableNodes` (Ready and schedulable), `totalCpus`, `usedCpus`, `availableCpus`,
   * `memoryGb`, `usedMemoryGb`, `totalGpus`, `usedGpus`, `availableGpus` (the GPU resource name's), and this
   * connector's `runningJobs` and `pendingJobs` in the namespace. Needs `list nodes` and `list pods`
   * cluster-wide (the README's ClusterRole).
   */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    const [nodes, pods] = await Promise.all([
      this.#call(
        'getResourceUsage',
        { verb: 'list', resource: 'nodes', group: '', namespace: undefined },
        (o) => this.#core.listNode({}, o),
        options.signal,
      ),
      this.#call(
        'getResourceUsage',
        { verb: 'list', resource: 'pods', group: '', namespace: undefined },
        (o) =>
          this.#core.listPodForAllNamespaces(
            { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
            o,
          ),
        options.signal,
      ),
    ]);
    const gpu = this.#defaults.gpuResourceName;
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const allocatable = (name: string) =>
      sum(nodes.items.map((node) => parseQuantity(node.status?.allocatable?.[name]) ?? 0));
    const requested = (name: string) =>
      sum(
        pods.items
          .filter((pod) => pod.spec?.nodeName)
          .flatMap((pod) => pod.spec?.containers ?? [])
          .map(
            (container) =>
              parseQuantity(container.resources?.requests?.[name] ?? container.resources?.limits?.[name]) ??
              0,
          ),
      );
    const round = (value: number) => Math.round(value * 100) / 100;
    const gib = 2 ** 30;
    const totalCpus = round(allocatable('cpu'));
    const usedCpus = round(requested('cpu'));
    const totalGpus = allocatable(gpu);
    const usedGpus = requested(gpu);
    const ours = pods.items.filter(
      (pod) =>
        pod.metadata?.namespace === this.namespace && pod.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY,
    );
    return Object.freeze({
      totalNodes: nodes.items.length,
      availableNodes: nodes.items.filter(
        (node) =>
          !node.spec?.unschedulable &&
          node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      ).length,
      totalCpus,
      usedCpus,
      availableCpus: round(Math.max(0, totalCpus - usedCpus)),
      memoryGb: round(allocatable('memory') / gib),
      usedMemoryGb: round(requested('memory') / gib),
      totalGpus,
      usedGpus,
      availableGpus: Math.max(0, totalGpus - usedGpus),
      runningJobs: ours.filter((pod) => pod.status?.phase === 'Running').length,
      pendingJobs: ours.filter((pod) => pod.status?.phase === 'Pending').length,
    });
  }

  /** One API call with the caller's signal, its errors in the contract's terms, retried when retryable. */
  #call<T>(
    operation: string,
    permission: Permission,
    send: (options: ConfigurationOptions) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    return withRetry(
      async ({ signal: attemptSignal }) => {
        try {
          return await send(callOptions(attemptSignal));
        } catch (error) {
          throw toContractError(error, operation, permission);
        }
      },
      {
        ...this.#retry,
        clock: this.#clock,
        signal,
        onRetry: logRetries(this.logger, 'retrying a Kubernetes call', { operation }, this.#retry.onRetry),
      },
    );
  }

  #permission(verb: string, resource: string, group: string): Permission {
    return { verb, resource, group, namespace: this.namespace };
  }

  async #readJob(
    operation: string,
    name: string,
    signal: AbortSignal | undefined,
  ): Promise<V1Job | undefined> {
    try {
      return await this.#call(
        operation,
        this.#permission('get', 'jobs', 'batch'),
        (o) => this.#batch.readNamespacedJob({ name, namespace: this.namespace }, o),
        signal,
      );
    } catch (error) {
      if (isHttpStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async #readRecord(name: string, signal: AbortSignal | undefined): Promise<V1ConfigMap | undefined> {
    try {
      return await this.#call(
        'getJobStatus',
        this.#permission('get', 'configmaps', ''),
        (o) =>
          this.#core.readNamespacedConfigMap(
            { name: `${name}${RECORD_SUFFIX}`, namespace: this.namespace },
            o,
          ),
        signal,
      );
    } catch (error) {
      if (isHttpStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /** The Job, its newest pod, and the cancel record when the Job is gone or going. */
  async #observe(operation: string, jobId: string, signal: AbortSignal | undefined): Promise<Observed> {
    assertJobId(jobId);
    throwIfAborted(signal);
    // Every id this connector returns is a Job name (a DNS label): anything else names no job.
    if (jobId.length > 63 || !DNS_LABEL.test(jobId)) throw new JobNotFoundError(jobId);
    const job = await this.#readJob(operation, jobId, signal);
    const record =
      !job || job.metadata?.deletionTimestamp ? await this.#readRecord(jobId, signal) : undefined;
    if (!job && !record) throw new JobNotFoundError(jobId);
    let pod: V1Pod | undefined;
    if (job && !record) {
      const pods = await this.#call(
        operation,
        this.#permission('list', 'pods', ''),
        (o) =>
          this.#core.listNamespacedPod({ namespace: this.namespace, labelSelector: `job-name=${jobId}` }, o),
        signal,
      );
      pod = newestPod(pods.items);
    }
    return { job, pod, record };
  }

  #state(observed: Observed): MappedJobState {
    if (observed.record) return { status: JobStatus.CANCELLED, rawState: 'Cancelled', error: undefined };
    return mapJobState(observed.job as V1Job, observed.pod);
  }

  /** The job's log: its container's (`undefined` when there is no container output to read) or its record's. */
  async #logsOf(
    jobId: string,
    observed: Observed,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    if (observed.record) return observed.record.data?.logs ?? '';
    const pod = observed.pod?.metadata?.name;
    if (!pod) return undefined;
    try {
      return await this.#call(
        'getLogs',
        this.#permission('get', 'pods/log', ''),
        (o) =>
          this.#core.readNamespacedPodLog(
            { name: pod, namespace: this.namespace, container: CONTAINER_NAME },
            o,
          ),
        signal,
      );
    } catch (error) {
      // 400: the container has not started (or never will); 404: the pod is gone.
      if (isHttpStatus(error, 400) || isHttpStatus(error, 404)) return undefined;
      this.logger.debug('could not read the log', {
        jobId,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }

  #duration(observed: Observed, state: MappedJobState): number | undefined {
    const now = this.#clock.now();
    if (observed.record) {
      const annotations = observed.record.metadata?.annotations ?? {};
      const start = Date.parse(annotations['integrations.neural.dev/started-at'] ?? '');
      const end = Date.parse(annotations['integrations.neural.dev/cancelled-at'] ?? '');
      return Number.isNaN(start) || Number.isNaN(end) ? undefined : Math.max(0, (end - start) / 1000);
    }
    const container = observed.pod?.status?.containerStatuses?.[0]?.state;
    const startedAt =
      container?.running?.startedAt ?? container?.terminated?.startedAt ?? observed.job?.status?.startTime;
    if (!startedAt) return undefined;
    const start = new Date(startedAt).getTime();
    const ended = isTerminalStatus(state.status)
      ? (container?.terminated?.finishedAt ??
        observed.job?.status?.completionTime ??
        observed.job?.status?.conditions?.find((c) => c.type === 'Failed')?.lastTransitionTime)
      : undefined;
    const end = ended ? new Date(ended).getTime() : now;
    return Math.max(0, (end - start) / 1000);
  }
}

/** Per-call client options: the attempt's signal on the request, so an abort stops it on the wire. */
function callOptions(signal: AbortSignal | undefined): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          if (signal) context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

function newestPod(pods: readonly V1Pod[]): V1Pod | undefined {
  return [...pods].sort(
    (a, b) => time(b.metadata?.creationTimestamp) - time(a.metadata?.creationTimestamp),
  )[0];
}

function time(value: Date | string | undefined): number {
  return value === undefined ? 0 : new Date(value).getTime();
}

function toIso(value: Date | string | undefined): string | undefined {
  return value === undefined ? undefined : new Date(value).toISOString();
}

function submittedAt(
  annotations: Record<string, string> | undefined,
  created: Date | string | undefined,
): Date {
  const ms = Date.parse(annotations?.[SUBMITTED_AT_ANNOTATION] ?? '');
  return new Date(Number.isNaN(ms) ? time(created) : ms);
}

import { type Clock, createPrng, parseOrThrow, systemClock } from '@neural/integrations-core';
import { z } from 'zod';
import { jobStatus } from './job-controller.js';
import { endingOf, type StoredPod, waitingReason, writePodStatus } from './kubelet.js';
import { nodeAllocatable, nodeObject, podRequests, qosClass, type ResolvedNode } from './nodes.js';
import type { KubeObject, ObjectMeta } from './objects.js';
import { rfc3339 } from './objects.js';
import {
  DEFAULT_NODES,
  type DeniedPermission,
  type FakeKubernetesOptions,
  FakeKubernetesOptionsSchema,
  FakeNodeSchema,
  type KubeFaultKind,
  type KubeFaultOptions,
  KubeFaultOptionsSchema,
  type ResolvedFakeKubernetesOptions,
  type ResolvedKubeFaultOptions,
} from './options.js';
import { readScenario } from './scenario.js';
import { matchesFieldSelector, matchesLabelSelector } from './selectors.js';
import { alreadyExists, invalid, KubeStatusError, notFound } from './status.js';

/** A request the fake answered, for tests to inspect. */
export interface KubeRequestRecord {
  readonly method: string;
  readonly path: string;
  user: string | undefined;
  status: number;
  fault: KubeFaultKind | undefined;
}

interface StoredJob {
  object: KubeObject;
  createdMs: number;
  admittedMs: number | undefined;
  deletedMs: number | undefined;
  podKey: string | undefined;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';

const ContainerSchema = z.looseObject({
  name: z.string().regex(DNS_LABEL, 'must be a DNS label'),
  image: z.string().min(1, 'Required value'),
  resources: z
    .looseObject({
      requests: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      limits: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    })
    .optional(),
});

const JobBodySchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string().max(63, 'must be no more than 63 characters').regex(DNS_LABEL, 'must be a DNS label'),
  }),
  spec: z.looseObject({
    template: z.looseObject({
      metadata: z.looseObject({}).optional(),
      spec: z.looseObject({
        containers: z.array(ContainerSchema).min(1, 'Required value'),
        restartPolicy: z.enum(['Never', 'OnFailure'], { error: 'supported values: "OnFailure", "Never"' }),
        volumes: z
          .array(
            z.looseObject({ name: z.string(), configMap: z.looseObject({ name: z.string() }).optional() }),
          )
          .optional(),
        nodeSelector: z.record(z.string(), z.string()).optional(),
        tolerations: z
          .array(z.looseObject({ key: z.string().optional(), operator: z.string().optional() }))
          .optional(),
      }),
    }),
    activeDeadlineSeconds: z.number().int().positive('must be greater than 0').optional(),
    backoffLimit: z.number().int().nonnegative().optional(),
    suspend: z.boolean().optional(),
  }),
});

const ConfigMapBodySchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string().max(253).regex(DNS_SUBDOMAIN, 'must be a DNS subdomain'),
  }),
  data: z.record(z.string(), z.string()).optional(),
});

/**
 * The fake cluster: an API server's object store, with a simulated Job controller, scheduler and kubelet that
 * move Jobs and their pods along on the injected clock. Every read first brings the cluster up to the clock's
 * now, so with a manual clock nothing happens until the test advances it.
 */
export class FakeKubernetesCluster {
  /** The options, defaults filled in. */
  readonly options: ResolvedFakeKubernetesOptions;
  /** Every request answered so far (newest last). */
  readonly requests: KubeRequestRecord[] = [];
  readonly #clock: Clock;
  readonly #jobs = new Map<string, StoredJob>();
  readonly #pods = new Map<string, StoredPod>();
  readonly #configMaps = new Map<string, { object: KubeObject; createdMs: number }>();
  readonly #nodes: ReadonlyArray<ResolvedNode>;
  #faults: ResolvedKubeFaultOptions;
  #random: () => number;
  #faultRandom: () => number;
  #resourceVersion = 1;
  readonly #logStreamCuts = new Map<string, number>();

  constructor(options: FakeKubernetesOptions = {}) {
    this.options = parseOrThrow(FakeKubernetesOptionsSchema, options, 'fake Kubernetes options');
    this.#clock = this.options.clock ?? systemClock;
    this.#nodes = (this.options.nodes ?? DEFAULT_NODES).map((node) => FakeNodeSchema.parse(node));
    this.#faults = this.options.faults;
    this.#random = createPrng(this.options.seed);
    this.#faultRandom = createPrng(this.options.seed * 7919 + 1);
  }

  /** The cluster's clock reading, in milliseconds. */
  now(): number {
    return this.#clock.now();
  }

  /** The clock the cluster runs on. */
  get clock(): Clock {
    return this.#clock;
  }

  /** The fault settings in force. */
  get faults(): ResolvedKubeFaultOptions {
    return this.#faults;
  }

  /** Replaces the fault settings. */
  setFaults(faults: KubeFaultOptions): void {
    this.#faults = parseOrThrow(KubeFaultOptionsSchema, faults, 'fake Kubernetes faults');
  }

  /** Names of the Jobs that exist (namespace/name), for tests. */
  get jobKeys(): string[] {
    return [...this.#jobs.keys()];
  }

  /** Whether a followed stream of this pod's log may be cut now (counting the cuts against `maxLogStreamCuts`). */
  takeLogStreamCut(namespace: string, pod: string): boolean {
    const key = `${namespace}/${pod}`;
    const taken = this.#logStreamCuts.get(key) ?? 0;
    if (taken >= (this.#faults.maxLogStreamCuts ?? Number.POSITIVE_INFINITY)) return false;
    this.#logStreamCuts.set(key, taken + 1);
    return true;
  }

  /** Whether the fault dice give this request a fault, and which. */
  decideFault(): KubeFaultKind | undefined {
    const { rate, kinds } = this.#faults;
    if (rate <= 0 || this.#faultRandom() >= rate) return undefined;
    return kinds[Math.floor(this.#faultRandom() * kinds.length)];
  }

  /** The user a bearer token belongs to; 401 for any other `Authorization`. */
  authenticate(authorization: string | null): string {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    const user = token === undefined ? undefined : this.options.tokens[token];
    if (user === undefined) throw new KubeStatusError(401, 'Unauthorized');
    return user;
  }

  /** Whether RBAC lets `user` do `verb` on `resource` (in `namespace`). */
  isAllowed(verb: string, resource: string, group: string, namespace: string | undefined): boolean {
    return !this.options.denied.some(
      (rule: DeniedPermission) =>
        rule.verb === verb &&
        rule.resource === resource &&
        (rule.group ?? '') === group &&
        (rule.namespace === undefined || rule.namespace === namespace),
    );
  }

  /** 403 unless RBAC allows it, worded as the API server words it. */
  authorize(
    user: string,
    verb: string,
    resource: string,
    group: string,
    namespace: string | undefined,
    name?: string,
  ): void {
    if (this.isAllowed(verb, resource, group, namespace)) return;
    const [plural, sub] = resource.split('/');
    const what = `${group ? `${plural}.${group}` : plural}${name ? ` "${name}"` : ''}`;
    const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
    throw new KubeStatusError(
      403,
      `${what} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`,
      { name, group: group || undefined, kind: sub ? resource : plural },
    );
  }

  /** 404 unless the namespace exists. */
  assertNamespace(namespace: string): void {
    if (!this.options.namespaces.includes(namespace)) throw notFound('namespaces', '', namespace);
  }

  // ---- Jobs ----

  /** `POST /apis/batch/v1/namespaces/{ns}/jobs`. */
  createJob(namespace: string, body: unknown): KubeObject {
    this.reconcile();
    this.assertNamespace(namespace);
    const name = nameOf(body);
    const checked = JobBodySchema.safeParse(body);
    if (!checked.success) throw invalid('jobs', 'batch', name, toCauses(checked.error));
    const key = `${namespace}/${name}`;
    if (this.#jobs.has(key)) throw alreadyExists('jobs', 'batch', name);
    const now = this.now();
    const object = structuredClone(body) as KubeObject & { spec: Record<string, unknown> };
    const uid = this.#uid();
    object.apiVersion = 'batch/v1';
    object.kind = 'Job';
    object.metadata = {
      ...object.metadata,
      namespace,
      uid,
      resourceVersion: this.#nextVersion(),
      generation: 1,
      creationTimestamp: rfc3339(now),
      labels: {
        ...object.metadata.labels,
        [CONTROLLER_UID]: uid,
        'controller-uid': uid,
        [JOB_NAME]: name,
        'job-name': name,
      },
    };
    const spec = object.spec as Record<string, unknown> & {
      template: { metadata?: ObjectMeta; spec: unknown };
    };
    spec.template.metadata = {
      ...spec.template.metadata,
      labels: {
        ...spec.template.metadata?.labels,
        [CONTROLLER_UID]: uid,
        'controller-uid': uid,
        [JOB_NAME]: name,
        'job-name': name,
      },
    } as ObjectMeta;
    spec.selector = { matchLabels: { [CONTROLLER_UID]: uid } };
    spec.parallelism ??= 1;
    spec.completions ??= 1;
    spec.backoffLimit ??= 6;
    spec.completionMode ??= 'NonIndexed';
    spec.manualSelector ??= false;
    spec.podReplacementPolicy ??= 'TerminatingOrFailed';
    const kueue = object.metadata.labels?.[KUEUE_QUEUE_LABEL] !== undefined;
    // Kueue's webhook suspends a queued Job on create; the fake's Kueue admits it after kueueAdmissionMs.
    if (kueue) spec.suspend = true;
    spec.suspend ??= false;
    object.status = spec.suspend ? this.#suspendedStatus(now) : {};
    this.#jobs.set(key, {
      object,
      createdMs: now,
      admittedMs: spec.suspend ? (kueue ? now + this.options.kueueAdmissionMs : undefined) : now,
      deletedMs: undefined,
      podKey: undefined,
    });
    this.reconcile();
    return structuredClone(this.#jobs.get(key)?.object ?? object);
  }

  /** `GET /apis/batch/v1/namespaces/{ns}/jobs/{name}`. */
  getJob(namespace: string, name: string): KubeObject {
    this.reconcile();
    const job = this.#jobs.get(`${namespace}/${name}`);
    if (!job) throw notFound('jobs', 'batch', name);
    return structuredClone(job.object);
  }

  /** `GET /apis/batch/v1/namespaces/{ns}/jobs`. */
  listJobs(namespace: string, labelSelector: string | null, fieldSelector: string | null = null): KubeObject {
    const items = this.#selectJobs(namespace, labelSelector, fieldSelector).map((job) =>
      structuredClone(job),
    );
    return this.#list('JobList', 'batch/v1', items);
  }

  /**
   * One step of a watch on the namespace's Jobs: an event for each selected Job whose resourceVersion is past
   * what `seen` (name → resourceVersion) records, and a `DELETED` event for each seen Job that is gone.
   * Updates `seen`.
   */
  watchJobsStep(
    namespace: string,
    labelSelector: string | null,
    fieldSelector: string | null,
    seen: Map<string, { version: number; object: KubeObject }>,
    sinceVersion: number,
  ): Array<{ type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject }> {
    const events: Array<{ type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject }> = [];
    const current = this.#selectJobs(namespace, labelSelector, fieldSelector);
    const names = new Set(current.map((job) => job.metadata.name));
    for (const job of current) {
      const version = Number(job.metadata.resourceVersion);
      const known = seen.get(job.metadata.name);
      if (known ? version > known.version : version > sinceVersion) {
        events.push({ type: known ? 'MODIFIED' : 'ADDED', object: structuredClone(job) });
      }
      seen.set(job.metadata.name, { version, object: job });
    }
    for (const [name, { object }] of seen) {
      if (names.has(name)) continue;
      seen.delete(name);
      events.push({ type: 'DELETED', object: structuredClone(object) });
    }
    return events;
  }

  /** The current resourceVersion of the store. */
  get resourceVersion(): number {
    return this.#resourceVersion;
  }

  #selectJobs(namespace: string, labelSelector: string | null, fieldSelector: string | null): KubeObject[] {
    this.reconcile();
    this.assertNamespace(namespace);
    const name = fieldSelector ? /^metadata\.name==?([^,]+)$/.exec(fieldSelector)?.[1] : undefined;
    if (fieldSelector && name === undefined) {
      throw new KubeStatusError(400, `field label not supported: ${fieldSelector.split(/[!=]/)[0]}`);
    }
    return [...this.#jobs.values()]
      .map((job) => job.object)
      .filter(
        (job) => job.metadata.namespace === namespace && (name === undefined || job.metadata.name === name),
      )
      .filter((job) => matchesLabelSelector(labelSelector, job.metadata.labels));
  }

  /**
   * `DELETE /apis/batch/v1/namespaces/{ns}/jobs/{name}`. With `Foreground` propagation the Job stays visible,
   * with a `deletionTimestamp` and the `foregroundDeletion` finalizer, until its pods are gone; its pods and
   * the objects it owns go with it.
   */
  deleteJob(namespace: string, name: string, propagationPolicy: string | null): KubeObject {
    this.reconcile();
    const key = `${namespace}/${name}`;
    const job = this.#jobs.get(key);
    if (!job) throw notFound('jobs', 'batch', name);
    if (job.deletedMs === undefined) {
      job.deletedMs = this.now();
      job.object.metadata.deletionTimestamp = rfc3339(job.deletedMs);
      job.object.metadata.deletionGracePeriodSeconds = 0;
      if (propagationPolicy === 'Foreground') job.object.metadata.finalizers = ['foregroundDeletion'];
      job.object.metadata.resourceVersion = this.#nextVersion();
      this.#collectDependents(job);
    }
    const answer = structuredClone(job.object);
    this.reconcile();
    if (propagationPolicy === 'Foreground' || this.#jobs.has(key)) return answer;
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, group: 'batch', kind: 'jobs', uid: job.object.metadata.uid },
    } as unknown as KubeObject;
  }

  /**
   * Requeues a Job as Kueue does on preemption: the Job is suspended (its pod deleted) and admitted again after
   * `kueueAdmissionMs`, when the Job controller makes a new pod.
   */
  requeueJob(namespace: string, name: string): void {
    this.reconcile();
    const job = this.#jobs.get(`${namespace}/${name}`);
    if (!job) throw notFound('jobs', 'batch', name);
    if (job.podKey) this.#pods.delete(job.podKey);
    job.podKey = undefined;
    const now = this.now();
    (job.object.spec as { suspend?: boolean }).suspend = true;
    job.admittedMs = now + this.options.kueueAdmissionMs;
    job.object.status = this.#suspendedStatus(now);
    job.object.metadata.resourceVersion = this.#nextVersion();
  }

  // ---- Pods ----

  /** `GET /api/v1/namespaces/{ns}/pods` (or every namespace when `namespace` is undefined). */
  listPods(
    namespace: string | undefined,
    labelSelector: string | null,
    fieldSelector: string | null,
  ): KubeObject {
    this.reconcile();
    if (namespace !== undefined) this.assertNamespace(namespace);
    const items = [...this.#pods.values()]
      .map((pod) => pod.object)
      .filter((pod) => namespace === undefined || pod.metadata.namespace === namespace)
      .filter((pod) => matchesLabelSelector(labelSelector, pod.metadata.labels))
      .filter((pod) => matchesFieldSelector(fieldSelector, pod))
      .map((pod) => structuredClone(pod));
    return this.#list('PodList', 'v1', items);
  }

  /** `GET /api/v1/namespaces/{ns}/pods/{name}`. */
  getPod(namespace: string, name: string): KubeObject {
    this.reconcile();
    const pod = this.#pods.get(`${namespace}/${name}`);
    if (!pod) throw notFound('pods', '', name);
    return structuredClone(pod.object);
  }

  /**
   * The log lines of a pod's container written by now, after `sinceMs` (the API's `sinceTime`), and whether
   * the container has ended. 400 while the container has not started, as the kubelet answers.
   */
  readLog(namespace: string, name: string, container: string | null, sinceMs: number | undefined) {
    this.reconcile();
    const pod = this.#pods.get(`${namespace}/${name}`);
    if (!pod) throw notFound('pods', '', name);
    const containers = (pod.object.spec as { containers: Array<{ name: string }> }).containers;
    const main = containers[0]?.name ?? '';
    if (container !== null && !containers.some((c) => c.name === container)) {
      throw new KubeStatusError(400, `container ${container} is not valid for pod ${name}`);
    }
    const now = this.now();
    if (pod.runningMs === undefined || pod.runningMs > now) {
      const waiting = waitingReason(pod, now);
      throw new KubeStatusError(
        400,
        `container "${container ?? main}" in pod "${name}" is waiting to start: ${waiting}`,
      );
    }
    const lines = pod.lines.filter(
      (line) => line.atMs <= now && (sinceMs === undefined || line.atMs >= sinceMs),
    );
    const ended = pod.endMs !== undefined && pod.endMs <= now;
    return { lines, ended, nextAtMs: this.#nextLogEvent(pod, now) };
  }

  // ---- ConfigMaps ----

  /** `POST /api/v1/namespaces/{ns}/configmaps`. */
  createConfigMap(namespace: string, body: unknown): KubeObject {
    this.reconcile();
    this.assertNamespace(namespace);
    const name = nameOf(body);
    const checked = ConfigMapBodySchema.safeParse(body);
    if (!checked.success) throw invalid('configmaps', '', name, toCauses(checked.error));
    const size = Object.values(checked.data.data ?? {}).reduce((total, value) => total + value.length, 0);
    if (size > 1024 * 1024) {
      throw invalid('configmaps', '', name, [
        { field: '[]', message: 'Too long: must have at most 1048576 bytes' },
      ]);
    }
    const key = `${namespace}/${name}`;
    if (this.#configMaps.has(key)) throw alreadyExists('configmaps', '', name);
    const now = this.now();
    const object = structuredClone(body) as KubeObject;
    object.apiVersion = 'v1';
    object.kind = 'ConfigMap';
    object.metadata = {
      ...object.metadata,
      namespace,
      uid: this.#uid(),
      resourceVersion: this.#nextVersion(),
      creationTimestamp: rfc3339(now),
    };
    this.#configMaps.set(key, { object, createdMs: now });
    this.reconcile();
    return structuredClone(object);
  }

  /** `GET /api/v1/namespaces/{ns}/configmaps/{name}`. */
  getConfigMap(namespace: string, name: string): KubeObject {
    this.reconcile();
    const found = this.#configMaps.get(`${namespace}/${name}`);
    if (!found) throw notFound('configmaps', '', name);
    return structuredClone(found.object);
  }

  /** `GET /api/v1/namespaces/{ns}/configmaps`. */
  listConfigMaps(namespace: string, labelSelector: string | null): KubeObject {
    this.reconcile();
    this.assertNamespace(namespace);
    const items = [...this.#configMaps.values()]
      .map((entry) => entry.object)
      .filter((object) => object.metadata.namespace === namespace)
      .filter((object) => matchesLabelSelector(labelSelector, object.metadata.labels))
      .map((object) => structuredClone(object));
    return this.#list('ConfigMapList', 'v1', items);
  }

  /** `DELETE /api/v1/namespaces/{ns}/configmaps/{name}`: the Status of a finished delete. */
  deleteConfigMap(namespace: string, name: string): KubeObject {
    const key = `${namespace}/${name}`;
    const found = this.#configMaps.get(key);
    if (!found) throw notFound('configmaps', '', name);
    this.#configMaps.delete(key);
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, kind: 'configmaps', uid: found.object.metadata.uid },
    } as unknown as KubeObject;
  }

  // ---- Nodes and access reviews ----

  /** `GET /api/v1/nodes`. */
  listNodes(): KubeObject {
    this.reconcile();
    const items = this.#nodes.map((node) => nodeObject(node, this.now()));
    return this.#list('NodeList', 'v1', items);
  }

  /** `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: answers from the `denied` rules. */
  reviewAccess(user: string, body: unknown): KubeObject {
    const attributes = (body as { spec?: { resourceAttributes?: Record<string, string> } } | null)?.spec
      ?.resourceAttributes;
    if (!attributes) {
      throw invalid('selfsubjectaccessreviews', 'authorization.k8s.io', '', [
        {
          field: 'spec.resourceAttributes',
          message:
            'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
        },
      ]);
    }
    const verb = attributes.verb ?? '';
    const resource = attributes.subresource
      ? `${attributes.resource}/${attributes.subresource}`
      : (attributes.resource ?? '');
    const group = attributes.group ?? '';
    const allowed = this.isAllowed(verb, resource, group, attributes.namespace);
    return {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {} as ObjectMeta,
      spec: { resourceAttributes: attributes },
      status: allowed
        ? { allowed: true, reason: `RBAC: allowed for User "${user}"` }
        : { allowed: false, reason: `RBAC: ${verb} ${resource} is not granted to User "${user}"` },
    };
  }

  // ---- The controllers ----

  /** Brings every Job and pod up to the clock's now: admission, pods, scheduling, running, ending, deletion. */
  reconcile(): void {
    const now = this.now();
    for (const [key, job] of this.#jobs) {
      if (job.deletedMs !== undefined) {
        if (now >= job.deletedMs + this.options.terminationMs) this.#jobs.delete(key);
        continue;
      }
      const spec = job.object.spec as { suspend?: boolean };
      if (spec.suspend) {
        if (job.admittedMs === undefined || now < job.admittedMs) continue;
        spec.suspend = false;
        job.object.metadata.resourceVersion = this.#nextVersion();
      }
      job.admittedMs ??= now;
      if (!job.podKey) job.podKey = this.#createPod(key, job, job.admittedMs);
      const pod = this.#pods.get(job.podKey);
      if (pod) this.#advancePod(pod, job, now);
      this.#updateJobStatus(job, pod, now);
    }
  }

  #createPod(jobKey: string, job: StoredJob, atMs: number): string {
    const template = (
      job.object.spec as { template: { metadata: ObjectMeta; spec: Record<string, unknown> } }
    ).template;
    const suffix = Array.from(
      { length: 5 },
      () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(this.#random() * 27)],
    ).join('');
    const name = `${job.object.metadata.name}-${suffix}`;
    const namespace = job.object.metadata.namespace as string;
    const spec = structuredClone(template.spec) as Record<string, unknown>;
    spec.schedulerName ??= 'default-scheduler';
    spec.terminationGracePeriodSeconds ??= 30;
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.serviceAccountName ??= 'default';
    const object: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace,
        uid: this.#uid(),
        resourceVersion: this.#nextVersion(),
        creationTimestamp: rfc3339(atMs),
        labels: { ...template.metadata.labels },
        annotations: { ...template.metadata.annotations },
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: job.object.metadata.name,
            uid: job.object.metadata.uid as string,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        finalizers: ['batch.kubernetes.io/job-tracking'],
      },
      spec,
      status: { phase: 'Pending', qosClass: qosClass(spec) },
    };
    const key = `${namespace}/${name}`;
    this.#pods.set(key, {
      object,
      jobKey,
      createdMs: atMs,
      codeMs: undefined,
      scenario: undefined,
      scheduledMs: undefined,
      unschedulableMessage: undefined,
      runningMs: undefined,
      endMs: undefined,
      ending: undefined,
      lines: [],
    });
    return key;
  }

  /** The code the pod runs: every ConfigMap it mounts, once all of them exist. */
  #podCode(pod: StoredPod): { code: string; atMs: number } | undefined {
    const namespace = pod.object.metadata.namespace as string;
    const volumes = (pod.object.spec as { volumes?: Array<{ configMap?: { name: string } }> }).volumes ?? [];
    let code = '';
    let atMs = pod.createdMs;
    for (const volume of volumes) {
      if (!volume.configMap) continue;
      const configMap = this.#configMaps.get(`${namespace}/${volume.configMap.name}`);
      if (!configMap) return undefined;
      code += `${Object.values((configMap.object.data as Record<string, string> | undefined) ?? {}).join('\n')}\n`;
      atMs = Math.max(atMs, configMap.createdMs);
    }
    return { code, atMs };
  }

  #advancePod(pod: StoredPod, job: StoredJob, now: number): void {
    if (pod.endMs !== undefined && pod.endMs <= now) {
      writePodStatus(pod, now);
      return;
    }
    if (!pod.scenario) {
      const found = this.#podCode(pod);
      if (!found) {
        writePodStatus(pod, now);
        return;
      }
      pod.codeMs = found.atMs;
      pod.scenario = readScenario(found.code, {
        queueMs: this.options.defaultQueueMs,
        startingMs: this.options.defaultStartingMs,
        durationMs: this.options.defaultDurationMs,
      });
    }
    const scenario = pod.scenario;
    const codeMs = pod.codeMs ?? pod.createdMs;
    const deadlineSeconds = (job.object.spec as { activeDeadlineSeconds?: number }).activeDeadlineSeconds;
    const deadlineMs =
      deadlineSeconds === undefined
        ? Number.POSITIVE_INFINITY
        : (job.admittedMs ?? job.createdMs) + deadlineSeconds * 1000;
    if (
      pod.scheduledMs === undefined &&
      now >= codeMs + scenario.queueMs &&
      scenario.scenario !== 'unschedulable'
    ) {
      const node = this.#fitNode(pod);
      if (typeof node === 'string') pod.unschedulableMessage = node;
      else {
        // A pod that waited for room is bound when room appeared (now), any other when its queue time ended.
        pod.scheduledMs = pod.unschedulableMessage === undefined ? codeMs + scenario.queueMs : now;
        pod.unschedulableMessage = undefined;
        (pod.object.spec as { nodeName?: string }).nodeName = node.name;
      }
    }
    if (scenario.scenario === 'unschedulable') {
      pod.unschedulableMessage = `0/${this.#nodes.length} nodes are available: ${this.#nodes.length} node(s) didn't match Pod's node affinity/selector. preemption: 0/${this.#nodes.length} nodes are available: ${this.#nodes.length} Preemption is not helpful for scheduling.`;
    }
    if (
      pod.scheduledMs !== undefined &&
      pod.runningMs === undefined &&
      scenario.scenario !== 'image-pull' &&
      scenario.issues.length === 0
    ) {
      const runningMs = pod.scheduledMs + scenario.startingMs;
      if (now >= runningMs) {
        pod.runningMs = runningMs;
        const duration = scenario.durationMs;
        const env = (
          pod.object.spec as { containers: Array<{ env?: Array<{ name: string; value?: string }> }> }
        ).containers[0]?.env;
        const printed = scenario.printEnv.map(
          (name) => env?.find((variable) => variable.name === name)?.value ?? '',
        );
        const lines = [...printed, ...scenario.logLines];
        if (scenario.fail !== undefined) lines.push(`Error: ${scenario.fail}`);
        const span = Number.isFinite(duration) ? duration : 10 * (lines.length + 1);
        // What one print writes may hold newlines: the kubelet stamps each physical line, all at one time.
        pod.lines = lines.flatMap((text, index) => {
          const atMs = runningMs + Math.floor((span * (index + 1)) / (lines.length + 1));
          return text.split('\n').map((part) => ({ atMs, text: part }));
        });
        if (Number.isFinite(duration)) pod.endMs = runningMs + duration;
        pod.ending = endingOf(scenario);
      }
    }
    if (pod.scheduledMs !== undefined && pod.runningMs === undefined && scenario.issues.length > 0) {
      // Malformed directives: the program starts and crashes at once, as a script with a syntax error would.
      pod.runningMs = pod.scheduledMs + scenario.startingMs;
      pod.endMs = pod.runningMs;
      pod.lines = scenario.issues.map((text) => ({ atMs: pod.runningMs as number, text }));
      pod.ending = {
        exitCode: 1,
        reason: 'Error',
        message: scenario.issues.join('\n'),
        podReason: undefined,
        podMessage: undefined,
        jobReason: 'BackoffLimitExceeded',
      };
    }
    if (now >= deadlineMs && (pod.endMs === undefined || pod.endMs > deadlineMs)) {
      // The Job controller fails a Job past its activeDeadlineSeconds and kills its pod.
      if (pod.runningMs !== undefined && pod.runningMs > deadlineMs) pod.runningMs = undefined;
      if (pod.scheduledMs !== undefined && pod.scheduledMs > deadlineMs) pod.scheduledMs = undefined;
      pod.endMs = deadlineMs;
      pod.lines = pod.lines.filter((line) => line.atMs <= deadlineMs);
      pod.ending = {
        exitCode: 143,
        reason: 'Error',
        message: undefined,
        podReason: 'DeadlineExceeded',
        podMessage: 'Pod was active on the node longer than the specified deadline',
        jobReason: 'DeadlineExceeded',
      };
    }
    writePodStatus(pod, now);
  }

  #updateJobStatus(job: StoredJob, pod: StoredPod | undefined, now: number): void {
    const status = jobStatus(job, pod, now);
    // A change the API server stores gets a new resourceVersion: what watches wake on.
    if (JSON.stringify(job.object.status) !== JSON.stringify(status)) {
      job.object.status = status;
      job.object.metadata.resourceVersion = this.#nextVersion();
    }
  }

  #suspendedStatus(now: number): Record<string, unknown> {
    return {
      conditions: [
        {
          type: 'Suspended',
          status: 'True',
          reason: 'JobSuspended',
          message: 'Job suspended',
          lastProbeTime: rfc3339(now),
          lastTransitionTime: rfc3339(now),
        },
      ],
    };
  }

  /** When the next log line or the end of the run is due, for a follower to sleep until. */
  #nextLogEvent(pod: StoredPod, now: number): number | undefined {
    const next = pod.lines.find((line) => line.atMs > now)?.atMs;
    const end = pod.endMs !== undefined && pod.endMs > now ? pod.endMs : undefined;
    if (next === undefined) return end;
    return end === undefined ? next : Math.min(next, end);
  }

  /** Removes a deleted Job's pods and the objects it owns (garbage collection). */
  #collectDependents(job: StoredJob): void {
    const uid = job.object.metadata.uid;
    for (const [key, pod] of this.#pods)
      if (pod.object.metadata.ownerReferences?.some((ref) => ref.uid === uid)) this.#pods.delete(key);
    for (const [key, entry] of this.#configMaps)
      if (entry.object.metadata.ownerReferences?.some((ref) => ref.uid === uid)) this.#configMaps.delete(key);
  }

  /** A node with room for the pod, or why none has. */
  #fitNode(pod: StoredPod): ResolvedNode | string {
    const spec = pod.object.spec as {
      nodeSelector?: Record<string, string>;
      tolerations?: Array<{ key?: string; operator?: string; value?: string }>;
    };
    const requests = podRequests(pod.object);
    const reasons = new Map<string, number>();
    const note = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    for (const node of this.#nodes) {
      if (!node.ready) {
        note('node(s) had untolerated taint {node.kubernetes.io/not-ready: }');
        continue;
      }
      if (!Object.entries(spec.nodeSelector ?? {}).every(([key, value]) => node.labels[key] === value)) {
        note("node(s) didn't match Pod's node affinity/selector");
        continue;
      }
      const untolerated = node.taints.find(
        (taint) =>
          !(spec.tolerations ?? []).some((t) =>
            t.operator === 'Exists'
              ? t.key === undefined || t.key === taint.key
              : t.key === taint.key && t.value === taint.value,
          ),
      );
      if (untolerated) {
        note(`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`);
        continue;
      }
      const used = this.#requestedOn(node.name);
      const capacity = nodeAllocatable(node);
      const short = Object.entries(requests).find(
        ([name, amount]) => (used[name] ?? 0) + amount > (capacity[name] ?? 0),
      );
      if (short) {
        note(`Insufficient ${short[0]}`);
        continue;
      }
      return node;
    }
    const detail = [...reasons].map(([reason, count]) => `${count} ${reason}`).join(', ');
    return `0/${this.#nodes.length} nodes are available: ${detail}. preemption: 0/${this.#nodes.length} nodes are available: ${this.#nodes.length} No preemption victims found for incoming pod.`;
  }

  #requestedOn(nodeName: string): Record<string, number> {
    const total: Record<string, number> = {};
    for (const pod of this.#pods.values()) {
      const phase = (pod.object.status as { phase?: string }).phase;
      if (
        (pod.object.spec as { nodeName?: string }).nodeName !== nodeName ||
        phase === 'Succeeded' ||
        phase === 'Failed'
      )
        continue;
      for (const [name, amount] of Object.entries(podRequests(pod.object)))
        total[name] = (total[name] ?? 0) + amount;
    }
    return total;
  }

  #list(kind: string, apiVersion: string, items: KubeObject[]): KubeObject {
    items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    return {
      kind,
      apiVersion,
      metadata: { resourceVersion: String(this.#resourceVersion) } as ObjectMeta,
      items,
    };
  }

  #uid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.#random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  #nextVersion(): string {
    this.#resourceVersion += 1;
    return String(this.#resourceVersion);
  }
}

function nameOf(body: unknown): string {
  const name = (body as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === 'string' ? name : '';
}

function toCauses(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '<root>', message: issue.message }));
}

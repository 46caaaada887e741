import { type Clock, createPrng, parseOrThrow, systemClock } from '@neural/integrations-core';
import * as configMaps from './configmaps.js';
import { type JobWatchEvent, type WatchJobsStepArgs, watchJobsStep } from './job-watch.js';
import * as jobs from './jobs.js';
import { nodeObject } from './nodes.js';
import type { KubeObject } from './objects.js';
import {
  DEFAULT_NODES,
  type FakeKubernetesOptions,
  FakeKubernetesOptionsSchema,
  FakeNodeSchema,
  type KubeFaultKind,
  type KubeFaultOptions,
  KubeFaultOptionsSchema,
  type ResolvedFakeKubernetesOptions,
  type ResolvedKubeFaultOptions,
} from './options.js';
import * as pods from './pods.js';
import type { AuthorizeArgs } from './rbac.js';
import * as rbac from './rbac.js';
import { reconcile } from './reconcile.js';
import { ClusterStore } from './store.js';

/** A request the fake answered, for tests to inspect. */
export interface KubeRequestRecord {
  readonly method: string;
  readonly path: string;
  user: string | undefined;
  status: number;
  fault: KubeFaultKind | undefined;
}

/**
 * The fake cluster: an API server's object store, with a simulated Job controller, scheduler and kubelet that
 * move Jobs and their pods along on the injected clock. Every read first brings the cluster up to the clock's
 * now, so with a manual clock nothing happens until the test advances it.
 *
 * Each resource kind is answered by its own module (`jobs.ts`, `job-watch.ts`, `pods.ts`, `configmaps.ts`,
 * `rbac.ts`) over the store in `store.ts`; the controllers are `reconcile.ts`, `pod-lifecycle.ts`,
 * `scheduler.ts`, `job-controller.ts` and `kubelet.ts`. This class holds the faults and the request log.
 */
export class FakeKubernetesCluster {
  /** The options, defaults filled in. */
  readonly options: ResolvedFakeKubernetesOptions;
  /** Every request answered so far (newest last). */
  readonly requests: KubeRequestRecord[] = [];
  readonly #clock: Clock;
  readonly #store: ClusterStore;
  #faults: ResolvedKubeFaultOptions;
  #faultRandom: () => number;
  readonly #logStreamCuts = new Map<string, number>();

  constructor(options: FakeKubernetesOptions = {}) {
    this.options = parseOrThrow(FakeKubernetesOptionsSchema, options, 'fake Kubernetes options');
    this.#clock = this.options.clock ?? systemClock;
    const nodes = (this.options.nodes ?? DEFAULT_NODES).map((node) => FakeNodeSchema.parse(node));
    this.#store = new ClusterStore(this.options, nodes, this.#clock);
    this.#faults = this.options.faults;
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
    return [...this.#store.jobs.keys()];
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
    return rbac.authenticate(this.options, authorization);
  }

  /** Whether RBAC lets `user` do `verb` on `resource` (in `namespace`). */
  isAllowed(verb: string, resource: string, group: string, namespace: string | undefined): boolean {
    return rbac.isAllowed(this.options, verb, resource, group, namespace);
  }

  /** 403 unless RBAC allows it, worded as the API server words it. */
  authorize(...args: AuthorizeArgs): void {
    rbac.authorize(this.options, ...args);
  }

  /** 404 unless the namespace exists. */
  assertNamespace(namespace: string): void {
    this.#store.assertNamespace(namespace);
  }

  /** `POST /apis/batch/v1/namespaces/{ns}/jobs`. */
  createJob(namespace: string, body: unknown): KubeObject {
    return jobs.createJob(this.#store, namespace, body);
  }

  /** `GET /apis/batch/v1/namespaces/{ns}/jobs/{name}`. */
  getJob(namespace: string, name: string): KubeObject {
    return jobs.getJob(this.#store, namespace, name);
  }

  /** `GET /apis/batch/v1/namespaces/{ns}/jobs`. */
  listJobs(namespace: string, labelSelector: string | null, fieldSelector: string | null = null): KubeObject {
    return jobs.listJobs(this.#store, namespace, labelSelector, fieldSelector);
  }

  /**
   * One step of a watch on the namespace's Jobs: an event for each selected Job whose resourceVersion is past
   * what `seen` (name → resourceVersion) records, and a `DELETED` event for each seen Job that is gone.
   * Updates `seen`.
   */
  watchJobsStep(...args: WatchJobsStepArgs): JobWatchEvent[] {
    return watchJobsStep(this.#store, ...args);
  }

  /** The current resourceVersion of the store. */
  get resourceVersion(): number {
    return this.#store.resourceVersion;
  }

  /**
   * `DELETE /apis/batch/v1/namespaces/{ns}/jobs/{name}`. With `Foreground` propagation the Job stays visible,
   * with a `deletionTimestamp` and the `foregroundDeletion` finalizer, until its pods are gone; its pods and
   * the objects it owns go with it.
   */
  deleteJob(namespace: string, name: string, propagationPolicy: string | null): KubeObject {
    return jobs.deleteJob(this.#store, namespace, name, propagationPolicy);
  }

  /**
   * Requeues a Job as Kueue does on preemption: the Job is suspended (its pod deleted) and admitted again after
   * `kueueAdmissionMs`, when the Job controller makes a new pod.
   */
  requeueJob(namespace: string, name: string): void {
    jobs.requeueJob(this.#store, namespace, name);
  }

  /** `GET /api/v1/namespaces/{ns}/pods` (or every namespace when `namespace` is undefined). */
  listPods(
    namespace: string | undefined,
    labelSelector: string | null,
    fieldSelector: string | null,
  ): KubeObject {
    return pods.listPods(this.#store, namespace, labelSelector, fieldSelector);
  }

  /** `GET /api/v1/namespaces/{ns}/pods/{name}`. */
  getPod(namespace: string, name: string): KubeObject {
    return pods.getPod(this.#store, namespace, name);
  }

  /**
   * The log lines of a pod's container written by now, after `sinceMs` (the API's `sinceTime`), and whether
   * the container has ended. 400 while the container has not started, as the kubelet answers.
   */
  readLog(namespace: string, name: string, container: string | null, sinceMs: number | undefined) {
    return pods.readLog(this.#store, namespace, name, container, sinceMs);
  }

  /** `POST /api/v1/namespaces/{ns}/configmaps`. */
  createConfigMap(namespace: string, body: unknown): KubeObject {
    return configMaps.createConfigMap(this.#store, namespace, body);
  }

  /** `GET /api/v1/namespaces/{ns}/configmaps/{name}`. */
  getConfigMap(namespace: string, name: string): KubeObject {
    return configMaps.getConfigMap(this.#store, namespace, name);
  }

  /** `GET /api/v1/namespaces/{ns}/configmaps`. */
  listConfigMaps(namespace: string, labelSelector: string | null): KubeObject {
    return configMaps.listConfigMaps(this.#store, namespace, labelSelector);
  }

  /** `DELETE /api/v1/namespaces/{ns}/configmaps/{name}`: the Status of a finished delete. */
  deleteConfigMap(namespace: string, name: string): KubeObject {
    return configMaps.deleteConfigMap(this.#store, namespace, name);
  }

  /** `GET /api/v1/nodes`. */
  listNodes(): KubeObject {
    this.reconcile();
    const items = this.#store.nodes.map((node) => nodeObject(node, this.now()));
    return this.#store.list('NodeList', 'v1', items);
  }

  /** `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: answers from the `denied` rules. */
  reviewAccess(user: string, body: unknown): KubeObject {
    return rbac.reviewAccess(this.options, user, body);
  }

  /** Brings every Job and pod up to the clock's now: admission, pods, scheduling, running, ending, deletion. */
  reconcile(): void {
    reconcile(this.#store);
  }
}

/**
 * The fake API server's object store: Jobs, pods and ConfigMaps by `namespace/name`, the nodes, the store's
 * resourceVersion, and the seeded randomness names and uids come from. The modules of each resource kind and
 * the simulated controllers read and write it.
 */
import { type Clock, createPrng } from '@neural/integrations-core';
import type { StoredPod } from './kubelet.js';
import type { ResolvedNode } from './nodes.js';
import type { KubeObject, ObjectMeta } from './objects.js';
import type { ResolvedFakeKubernetesOptions } from './options.js';
import { notFound } from './status.js';

/** A Job as the store keeps it: its object, and the times of its life on the cluster's clock. */
export interface StoredJob {
  object: KubeObject;
  createdMs: number;
  admittedMs: number | undefined;
  deletedMs: number | undefined;
  podKey: string | undefined;
}

/** A ConfigMap as the store keeps it: its object and when it was made (a pod's code is there from then). */
export interface StoredConfigMap {
  object: KubeObject;
  createdMs: number;
}

/** Everything the fake API server holds; time is the cluster's clock. */
export class ClusterStore {
  readonly jobs = new Map<string, StoredJob>();
  readonly pods = new Map<string, StoredPod>();
  readonly configMaps = new Map<string, StoredConfigMap>();
  readonly #random: () => number;
  #resourceVersion = 1;

  constructor(
    readonly options: ResolvedFakeKubernetesOptions,
    readonly nodes: ReadonlyArray<ResolvedNode>,
    readonly clock: Clock,
  ) {
    this.#random = createPrng(options.seed);
  }

  /** The cluster's clock reading, in milliseconds. */
  now(): number {
    return this.clock.now();
  }

  /** The next number of the seeded sequence names and uids are drawn from. */
  random(): number {
    return this.#random();
  }

  /** The current resourceVersion of the store. */
  get resourceVersion(): number {
    return this.#resourceVersion;
  }

  /** A new resourceVersion, for an object the store has just changed. */
  nextVersion(): string {
    this.#resourceVersion += 1;
    return String(this.#resourceVersion);
  }

  /** A new object uid (a version 4 UUID from the seeded sequence). */
  uid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.#random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  /** A list object of `kind`, its items sorted by name, at the store's resourceVersion. */
  list(kind: string, apiVersion: string, items: KubeObject[]): KubeObject {
    items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    return {
      kind,
      apiVersion,
      metadata: { resourceVersion: String(this.#resourceVersion) } as ObjectMeta,
      items,
    };
  }

  /** 404 unless the namespace exists. */
  assertNamespace(namespace: string): void {
    if (!this.options.namespaces.includes(namespace)) throw notFound('namespaces', '', namespace);
  }
}

/** A Kubernetes object as JSON. */
export type KubeObject = Record<string, unknown> & {
  metadata: ObjectMeta;
};

/** The parts of `metav1.ObjectMeta` the fake reads and writes. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
}

/** One log line the container wrote, at the time it wrote it. */
export interface LogLine {
  readonly atMs: number;
  readonly text: string;
}

/** RFC 3339 with whole seconds, as the API server writes `metav1.Time`. */
export const rfc3339 = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
/** RFC 3339 with nanoseconds, as the kubelet stamps log lines. */
export const rfc3339Nano = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

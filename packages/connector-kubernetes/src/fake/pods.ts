/** Pods (core `v1`) in the fake API server: list, read, and their containers' logs as the kubelet serves them. */
import { type StoredPod, waitingReason } from './kubelet.js';
import type { KubeObject } from './objects.js';
import { reconcile } from './reconcile.js';
import { matchesFieldSelector, matchesLabelSelector } from './selectors.js';
import { KubeStatusError, notFound } from './status.js';
import type { ClusterStore } from './store.js';

/** `GET /api/v1/namespaces/{ns}/pods` (or every namespace when `namespace` is undefined). */
export function listPods(
  store: ClusterStore,
  namespace: string | undefined,
  labelSelector: string | null,
  fieldSelector: string | null,
): KubeObject {
  reconcile(store);
  if (namespace !== undefined) store.assertNamespace(namespace);
  const items = [...store.pods.values()]
    .map((pod) => pod.object)
    .filter((pod) => namespace === undefined || pod.metadata.namespace === namespace)
    .filter((pod) => matchesLabelSelector(labelSelector, pod.metadata.labels))
    .filter((pod) => matchesFieldSelector(fieldSelector, pod))
    .map((pod) => structuredClone(pod));
  return store.list('PodList', 'v1', items);
}

/** `GET /api/v1/namespaces/{ns}/pods/{name}`. */
export function getPod(store: ClusterStore, namespace: string, name: string): KubeObject {
  reconcile(store);
  const pod = store.pods.get(`${namespace}/${name}`);
  if (!pod) throw notFound('pods', '', name);
  return structuredClone(pod.object);
}

/**
 * The log lines of a pod's container written by now, after `sinceMs` (the API's `sinceTime`), and whether
 * the container has ended. 400 while the container has not started, as the kubelet answers.
 */
export function readLog(
  store: ClusterStore,
  namespace: string,
  name: string,
  container: string | null,
  sinceMs: number | undefined,
) {
  reconcile(store);
  const pod = store.pods.get(`${namespace}/${name}`);
  if (!pod) throw notFound('pods', '', name);
  const containers = (pod.object.spec as { containers: Array<{ name: string }> }).containers;
  const main = containers[0]?.name ?? '';
  if (container !== null && !containers.some((c) => c.name === container)) {
    throw new KubeStatusError(400, `container ${container} is not valid for pod ${name}`);
  }
  const now = store.now();
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
  return { lines, ended, nextAtMs: nextLogEvent(pod, now) };
}

/** When the next log line or the end of the run is due, for a follower to sleep until. */
function nextLogEvent(pod: StoredPod, now: number): number | undefined {
  const next = pod.lines.find((line) => line.atMs > now)?.atMs;
  const end = pod.endMs !== undefined && pod.endMs > now ? pod.endMs : undefined;
  if (next === undefined) return end;
  return end === undefined ? next : Math.min(next, end);
}

/** ConfigMaps (core `v1`) in the fake API server: create (validated, at most 1 MiB), read, list, delete. */
import { z } from 'zod';
import { type KubeObject, rfc3339 } from './objects.js';
import { reconcile } from './reconcile.js';
import { nameOf, toCauses } from './request-body.js';
import { matchesLabelSelector } from './selectors.js';
import { alreadyExists, invalid, notFound } from './status.js';
import type { ClusterStore } from './store.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const ConfigMapBodySchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string().max(253).regex(DNS_SUBDOMAIN, 'must be a DNS subdomain'),
  }),
  data: z.record(z.string(), z.string()).optional(),
});

/** `POST /api/v1/namespaces/{ns}/configmaps`. */
export function createConfigMap(store: ClusterStore, namespace: string, body: unknown): KubeObject {
  reconcile(store);
  store.assertNamespace(namespace);
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
  if (store.configMaps.has(key)) throw alreadyExists('configmaps', '', name);
  const now = store.now();
  const object = structuredClone(body) as KubeObject;
  object.apiVersion = 'v1';
  object.kind = 'ConfigMap';
  object.metadata = {
    ...object.metadata,
    namespace,
    uid: store.uid(),
    resourceVersion: store.nextVersion(),
    creationTimestamp: rfc3339(now),
  };
  store.configMaps.set(key, { object, createdMs: now });
  reconcile(store);
  return structuredClone(object);
}

/** `GET /api/v1/namespaces/{ns}/configmaps/{name}`. */
export function getConfigMap(store: ClusterStore, namespace: string, name: string): KubeObject {
  reconcile(store);
  const found = store.configMaps.get(`${namespace}/${name}`);
  if (!found) throw notFound('configmaps', '', name);
  return structuredClone(found.object);
}

/** `GET /api/v1/namespaces/{ns}/configmaps`. */
export function listConfigMaps(
  store: ClusterStore,
  namespace: string,
  labelSelector: string | null,
): KubeObject {
  reconcile(store);
  store.assertNamespace(namespace);
  const items = [...store.configMaps.values()]
    .map((entry) => entry.object)
    .filter((object) => object.metadata.namespace === namespace)
    .filter((object) => matchesLabelSelector(labelSelector, object.metadata.labels))
    .map((object) => structuredClone(object));
  return store.list('ConfigMapList', 'v1', items);
}

/** `DELETE /api/v1/namespaces/{ns}/configmaps/{name}`: the Status of a finished delete. */
export function deleteConfigMap(store: ClusterStore, namespace: string, name: string): KubeObject {
  const key = `${namespace}/${name}`;
  const found = store.configMaps.get(key);
  if (!found) throw notFound('configmaps', '', name);
  store.configMaps.delete(key);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, kind: 'configmaps', uid: found.object.metadata.uid },
  } as unknown as KubeObject;
}

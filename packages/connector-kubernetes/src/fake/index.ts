/**
 * A fake Kubernetes API for tests: MSW handlers (and a loopback server) answering the routes
 * `KubernetesConnector` uses, with a simulated Job controller, scheduler and kubelet on an injected clock.
 *
 * @packageDocumentation
 */
export { FakeKubernetesCluster, type KubeRequestRecord } from './cluster.js';
export { createFakeKubernetes, type FakeKubernetes } from './handlers.js';
export type { JobWatchEvent, WatchJobsStepArgs } from './job-watch.js';
export type { KubeObject, LogLine, ObjectMeta } from './objects.js';
export {
  DEFAULT_NODES,
  type DeniedPermission,
  DeniedPermissionSchema,
  type FakeKubernetesOptions,
  FakeKubernetesOptionsSchema,
  type FakeNode,
  FakeNodeSchema,
  KUBE_FAULT_KINDS,
  type KubeFaultKind,
  type KubeFaultOptions,
  KubeFaultOptionsSchema,
  type ResolvedFakeKubernetesOptions,
  type ResolvedKubeFaultOptions,
} from './options.js';
export type { AuthorizeArgs } from './rbac.js';
export { KUBE_SCENARIOS, type KubeScenario } from './scenario.js';
export {
  type FakeKubernetesServer,
  type FakeKubernetesServerOptions,
  startFakeKubernetesServer,
} from './server.js';
export { KubeStatusError, type StatusDetails } from './status.js';

/**
 * The conformance target: KubernetesConnector against the fake Kubernetes API. The fake runs on the system
 * clock here (the suite waits on real time); its jobs are the smallest that show each behaviour. `requeue`
 * suspends the Job as Kueue does on preemption (its pod is deleted; it is admitted again in a new pod).
 *
 * Skipped clauses, and why: the `files.*` clauses (uploadFile / downloadFile) and the `endpoints.*` clauses
 * (deployModel / deleteEndpoint) need capabilities this connector does not claim. A Kubernetes Job has no file
 * store of its own (files belong in a PersistentVolume or an object store the job mounts) and serving a model
 * is a Deployment or a KServe InferenceService, not a Job; the connector leaves those methods to
 * BaseConnector, which throws NotSupportedError, and `optional.unclaimed-not-supported` checks exactly that.
 */
import { type ConformanceTarget, defineConformanceTarget } from '@neural/connector-conformance';
import type { KubernetesCredentials } from '../src/index.js';
import { KubernetesConnector } from '../src/index.js';

/** Builds the target for a fake whose kubeconfig for a token `kubeconfig(token)` makes; `name` names the run. */
export function kubernetesTarget(
  name: string,
  kubeconfig: (token: string) => string,
  hooks: Pick<ConformanceTarget<KubernetesCredentials>, 'setup' | 'teardown' | 'requeue'>,
): ConformanceTarget<KubernetesCredentials> {
  return defineConformanceTarget<KubernetesCredentials>({
    name,
    ...hooks,
    // The kubeconfig is built when a clause makes its connector: a loopback server's URL is known only then.
    create: (credentials) =>
      new KubernetesConnector(
        { kubeconfig: kubeconfig(credentials.token ?? '') },
        { retry: { initialDelayMs: 1 }, logPollIntervalMs: 20 },
      ),
    credentials: {
      valid: { token: 'conformance-token-KNOWN-secret' },
      invalid: { token: 'conformance-token-the-cluster-refuses' },
    },
    jobs: {
      succeeds: {
        code: 'print("hello conformance")\n# @fake duration=100ms',
        expectedOutput: 'hello conformance',
      },
      fails: { code: 'print("about to fail")\n# @fake duration=100ms fail="deliberate failure"' },
      runsLong: { code: '# @fake forever' },
      // Python that does what it says on a real cluster; the fake reads the string literal, or the # @k8s line.
      echo: (text) => `print(${JSON.stringify(text)})\n# @fake duration=50ms`,
      printsEnv: (name) =>
        `import os\nprint(os.environ[${JSON.stringify(name)}])\n# @k8s print-env=${name}\n# @fake duration=50ms`,
    },
    unknownJobId: 'neural-00000000000000000000',
    timing: { jobTimeoutMs: 10_000, pollIntervalMs: 10, maxPollIntervalMs: 50, abortGraceMs: 500 },
  });
}

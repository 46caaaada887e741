import { readDirectives } from '@neural/fake-platform/directives';

/** What can go wrong for a pod beyond its code failing, chosen with a `# @k8s` line in the job's code. */
export const KUBE_SCENARIOS = ['image-pull', 'unschedulable', 'oom', 'evicted'] as const;

/** One of {@link KUBE_SCENARIOS}. */
export type KubeScenario = (typeof KUBE_SCENARIOS)[number];

/**
 * A pod's simulated life, read from the code in the ConfigMaps it mounts. `# @fake` lines are the fake
 * platform's directives (`duration=`, `queue=`, `starting=`, `fail=`, `log=`, `forever`, and what the code
 * prints); `# @k8s` lines add what only Kubernetes does:
 *
 * - `# @k8s image-pull`: the image never pulls (`ErrImagePull`, then `ImagePullBackOff`);
 * - `# @k8s unschedulable`: no node ever fits (`PodScheduled=False`, reason `Unschedulable`);
 * - `# @k8s oom`: the container is killed when its run ends (`OOMKilled`, exit code 137);
 * - `# @k8s evicted`: the node evicts the pod when its run ends (pod reason `Evicted`);
 * - `# @k8s print-env=NAME`: the container prints the value of its environment variable `NAME` first.
 */
export interface PodScenario {
  /** From creation to being bound to a node. */
  readonly queueMs: number;
  /** From binding to the container running. */
  readonly startingMs: number;
  /** How long the container runs; `Infinity` for `forever`. */
  readonly durationMs: number;
  /** The container exits 1 with this message as its last line. */
  readonly fail: string | undefined;
  /** The Kubernetes-only outcome, if any. */
  readonly scenario: KubeScenario | undefined;
  /** Environment variables whose values the container prints before anything else. */
  readonly printEnv: readonly string[];
  /** The lines the container writes, spread over its run. */
  readonly logLines: readonly string[];
  /** Malformed directives: the pod fails at once with these, as a crashing program would. */
  readonly issues: readonly string[];
}

const K8S_LINE = /^\s*#\s*@k8s\b(.*)$/;

/** Reads a pod's scenario from its code, with the cluster's defaults for what the code does not set. */
export function readScenario(
  code: string,
  defaults: { queueMs: number; startingMs: number; durationMs: number },
): PodScenario {
  const { directives, printed, issues } = readDirectives(code);
  const problems = issues.map((issue) => `line ${issue.line}: ${issue.rule}`);
  let scenario: KubeScenario | undefined;
  const printEnv: string[] = [];
  code.split(/\r?\n/).forEach((line, index) => {
    const match = K8S_LINE.exec(line);
    if (!match) return;
    for (const token of (match[1] ?? '').trim().split(/\s+/).filter(Boolean)) {
      const [key, value] = token.split('=', 2) as [string, string | undefined];
      if ((KUBE_SCENARIOS as readonly string[]).includes(key) && value === undefined) {
        scenario = key as KubeScenario;
      } else if (key === 'print-env' && value !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
        printEnv.push(value);
      } else {
        problems.push(
          `line ${index + 1}: @k8s ${token} is not one of ${KUBE_SCENARIOS.join(', ')}, print-env=NAME`,
        );
      }
    }
  });
  return Object.freeze({
    queueMs: directives.queueMs ?? defaults.queueMs,
    startingMs: directives.startingMs ?? defaults.startingMs,
    durationMs: directives.forever
      ? Number.POSITIVE_INFINITY
      : (directives.durationMs ?? defaults.durationMs),
    fail: directives.fail,
    scenario,
    printEnv: Object.freeze(printEnv),
    logLines: Object.freeze([...printed, ...directives.logs]),
    issues: Object.freeze(problems),
  });
}

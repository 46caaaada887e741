import type { JsonValue } from '@neural/integrations-core';
import { readDirectives } from './directives.js';
import { PlatformProblem } from './problems.js';

/** What a job's code asked the fake platform to do, from its `# @fake …` directive lines. */
export interface JobPlan {
  /** How long the job stays QUEUED. */
  queueMs: number;
  /** How long it stays STARTING before RUNNING. */
  startingMs: number;
  /** How long it runs once started; `Infinity` for `forever`. */
  durationMs: number;
  /** When set, the job ends FAILED with this message. */
  fail: string | undefined;
  /** The result's output. */
  output: string;
  /** The result's metrics. */
  metrics: Record<string, JsonValue>;
  /** The result's artifacts. */
  artifacts: string[];
  /** Lines written to the log over the run, in order. */
  logLines: string[];
}

/** The defaults a plan starts from (platform options can change them). */
export interface PlanDefaults {
  /** Default `queue=`. */
  queueMs: number;
  /** Default `starting=`. */
  startingMs: number;
  /** Default `duration=`. */
  durationMs: number;
}

/**
 * Reads a job's code into a {@link JobPlan}, with the platform's defaults for what the code does not set.
 * Malformed directives are a `422 INVALID_REQUEST` naming the `code` field and each line.
 */
export function planJob(code: string, defaults: PlanDefaults): JobPlan {
  const { directives, printed, issues } = readDirectives(code);
  if (issues.length > 0) {
    throw new PlatformProblem('INVALID_REQUEST', 'The job code has invalid @fake directives', {
      status: 422,
      errors: issues.map((issue) => ({ field: 'code', rule: `line ${issue.line}: ${issue.rule}` })),
    });
  }
  return {
    queueMs: directives.queueMs ?? defaults.queueMs,
    startingMs: directives.startingMs ?? defaults.startingMs,
    durationMs: directives.forever
      ? Number.POSITIVE_INFINITY
      : (directives.durationMs ?? defaults.durationMs),
    fail: directives.fail,
    output: directives.output ?? '',
    metrics: { ...directives.metrics },
    artifacts: [...directives.artifacts],
    logLines: [...printed, ...directives.logs],
  };
}

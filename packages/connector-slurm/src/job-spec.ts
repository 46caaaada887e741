import { InvalidParameterError, type ParameterIssue, type ResourceConfig } from '@neural/integrations-core';

/** The Slurm job fields a {@link ResourceConfig} becomes. */
export interface SlurmResources {
  /** From `cpuCount`. */
  readonly cpusPerTask?: number | undefined;
  /** From `memoryGb`, in MB (rounded up). */
  readonly memoryPerNodeMb?: number | undefined;
  /** `gpu:N` when `gpuEnabled`. */
  readonly gres?: string | undefined;
  /** From `maxRuntimeHours`, in minutes (rounded up, at least 1). */
  readonly timeLimitMinutes?: number | undefined;
  /** `customParams.partition`, else the connector's default. */
  readonly partition?: string | undefined;
  /** `customParams.account`, else the connector's default. */
  readonly account?: string | undefined;
  /** `customParams.qos`, else the connector's default. */
  readonly qos?: string | undefined;
}

/** The `customParams` keys the Slurm connector understands; any other key is refused. */
export const SLURM_CUSTOM_PARAMS = ['partition', 'account', 'qos'] as const;

const SLURM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Maps a validated {@link ResourceConfig} onto Slurm job fields. `instanceType`, `diskSizeGb` and
 * `autoShutdown` have no Slurm job field and are ignored (an allocation always ends with its job).
 *
 * @throws InvalidParameterError for an unknown `customParams` key or a partition/account/qos that is not a
 *   plain Slurm name.
 */
export function toSlurmResources(
  config: ResourceConfig,
  defaults: { partition?: string | undefined; account?: string | undefined; qos?: string | undefined },
): SlurmResources {
  const issues: ParameterIssue[] = [];
  const named = (key: (typeof SLURM_CUSTOM_PARAMS)[number]): string | undefined => {
    const value = config.customParams[key];
    if (value === undefined) return defaults[key];
    if (typeof value !== 'string' || !SLURM_NAME.test(value)) {
      issues.push({
        field: `resourceConfig.customParams.${key}`,
        rule: 'must be a Slurm name: letters, digits, ".", "_" and "-", starting with a letter or digit',
      });
      return undefined;
    }
    return value;
  };
  for (const key of Object.keys(config.customParams)) {
    if (!(SLURM_CUSTOM_PARAMS as readonly string[]).includes(key)) {
      issues.push({
        field: `resourceConfig.customParams.${key}`,
        rule: `is not a Slurm option this connector knows (known: ${SLURM_CUSTOM_PARAMS.join(', ')})`,
      });
    }
  }
  const resources: SlurmResources = {
    cpusPerTask: config.cpuCount,
    memoryPerNodeMb: config.memoryGb === undefined ? undefined : Math.ceil(config.memoryGb * 1024),
    gres: config.gpuEnabled ? `gpu:${config.gpuCount}` : undefined,
    timeLimitMinutes:
      config.maxRuntimeHours === undefined ? undefined : Math.max(1, Math.ceil(config.maxRuntimeHours * 60)),
    partition: named('partition'),
    account: named('account'),
    qos: named('qos'),
  };
  if (issues.length > 0) throw InvalidParameterError.fromIssues('submitJob request', issues);
  return resources;
}

/**
 * The batch script for `code`: the code itself when it starts with its own `#!` line, otherwise the code under
 * a `#!` line for `interpreter`. The code is never spliced into a shell command, so no quoting can break it.
 */
export function buildBatchScript(code: string, interpreter: string): string {
  if (code.startsWith('#!')) return code;
  const shebang = interpreter.startsWith('/') ? `#!${interpreter}` : `#!/usr/bin/env ${interpreter}`;
  return `${shebang}\n${code}${code.endsWith('\n') ? '' : '\n'}`;
}

/**
 * Expands the filename patterns Slurm leaves unexpanded in slurmrestd's answers: `%j` (job id), `%A` (array
 * master = job id for a plain job), `%x` (job name), `%u` (user) and `%%`. Other patterns are left as they are.
 */
export function expandOutputPath(
  pattern: string,
  job: { id: string; name: string; userName: string },
): string {
  return pattern.replace(/%(%|j|A|x|u)/g, (_, letter: string) => {
    switch (letter) {
      case '%':
        return '%';
      case 'x':
        return job.name;
      case 'u':
        return job.userName;
      default:
        return job.id;
    }
  });
}

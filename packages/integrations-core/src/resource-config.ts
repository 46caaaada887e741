import { z } from 'zod';
import { InvalidParameterError } from './errors.js';
import { deepFreeze, type JsonValue, JsonValueSchema } from './json.js';
import { assertWithinStructureLimits } from './limits.js';
import { booleanValue } from './option-value-schemas.js';
import { toParameterIssues } from './validation.js';

const count = (what: string) =>
  z
    .number({ error: `must be a number of ${what}` })
    .int(`must be a whole number of ${what}`)
    .nonnegative(`must not be negative`);
const positiveCount = (what: string) =>
  z
    .number({ error: `must be a number of ${what}` })
    .int(`must be a whole number of ${what}`)
    .positive('must be at least 1');
const positiveAmount = (what: string) =>
  z
    .number({ error: `must be a number of ${what}` })
    .positive('must be greater than 0')
    .refine(Number.isFinite, 'must be finite');

/**
 * The zod schema of {@link ResourceConfigInput}: what `new ResourceConfig(input)` accepts. Unknown keys are
 * rejected (with a hint when a seed snake_case name such as `gpu_count` is used).
 */
export const ResourceConfigSchema = z
  .strictObject({
    instanceType: z
      .string()
      .min(1, 'must be a non-empty string')
      .max(128, 'must be at most 128 characters')
      .optional(),
    gpuEnabled: booleanValue.optional(),
    gpuCount: count('GPUs').optional(),
    memoryGb: positiveAmount('gigabytes').optional(),
    cpuCount: positiveCount('CPUs').optional(),
    diskSizeGb: positiveAmount('gigabytes').optional(),
    maxRuntimeHours: positiveAmount('hours').optional(),
    autoShutdown: booleanValue.optional(),
    customParams: z
      .record(z.string(), JsonValueSchema, { error: 'must be an object of JSON values' })
      .optional(),
  })
  .superRefine((value, ctx) => {
    for (const message of gpuRuleBroken(value)) ctx.addIssue({ code: 'custom', path: ['gpuCount'], message });
  });

const GPUS_WITHOUT_GPU_ENABLED =
  'GPUs were asked for but gpuEnabled is not true; set gpuEnabled: true or gpuCount: 0';

/** The cross-field GPU rule, on a value whose fields may or may not be valid on their own. */
function gpuRuleBroken(value: { gpuEnabled?: unknown; gpuCount?: unknown }): string[] {
  const { gpuEnabled, gpuCount } = value;
  if (typeof gpuCount !== 'number') return [];
  if (gpuEnabled !== true && gpuCount > 0) return [GPUS_WITHOUT_GPU_ENABLED];
  if (gpuEnabled === true && gpuCount === 0) return ['must be at least 1 when gpuEnabled is true'];
  return [];
}

/** What `new ResourceConfig(input)` accepts; every field is optional and has the seed's default. */
export type ResourceConfigInput = z.input<typeof ResourceConfigSchema>;

const KNOWN_KEYS = Object.keys(ResourceConfigSchema.shape ?? {});

/**
 * The compute resources a job asks for: the seed's `ResourceConfig`, validated and immutable.
 * Connectors map these fields onto their platform (Slurm: CPUs, memory, gres, time limit).
 *
 * @example
 * ```ts
 * const gpu = new ResourceConfig({
 *   instanceType: 'gpu-standard',
 *   gpuEnabled: true,
 *   gpuCount: 2,
 *   memoryGb: 64,
 *   maxRuntimeHours: 24,
 *   autoShutdown: true,
 *   customParams: { zone: 'us-east-1a' },
 * });
 * ```
 * @throws InvalidParameterError naming every bad field, before anything is sent; input nested more than 64
 * levels deep is refused naming that limit.
 */
export class ResourceConfig {
  /** Platform-specific instance type. Default `'standard'`. */
  readonly instanceType: string;
  /** Whether the job gets GPUs. Default `false`. */
  readonly gpuEnabled: boolean;
  /** How many GPUs; `0` without GPUs, default `1` with them. */
  readonly gpuCount: number;
  /** Memory in GB; `undefined` leaves it to the platform. */
  readonly memoryGb: number | undefined;
  /** CPU count; `undefined` leaves it to the platform. */
  readonly cpuCount: number | undefined;
  /** Disk size in GB; `undefined` leaves it to the platform. */
  readonly diskSizeGb: number | undefined;
  /** Longest the job may run, in hours; `undefined` leaves it to the platform. */
  readonly maxRuntimeHours: number | undefined;
  /** Release the resources when the job ends. Default `true`. */
  readonly autoShutdown: boolean;
  /** Platform-specific extras (Slurm: `partition`, `account`). Default `{}`. Deep-frozen. */
  readonly customParams: Readonly<Record<string, JsonValue>>;

  constructor(input: ResourceConfigInput = {}) {
    // Depth first: deep customParams would overflow the stack of the validation, cloning and freezing below.
    assertWithinStructureLimits(input, 'resourceConfig');
    const checked = ResourceConfigSchema.safeParse(input);
    if (!checked.success) {
      const issues = toParameterIssues(checked.error, input, { knownKeys: KNOWN_KEYS });
      // zod skips the cross-field rule once any field is bad; it is checked here so one error names it too.
      if (
        input !== null &&
        typeof input === 'object' &&
        !issues.some((issue) => issue.field === 'gpuCount')
      ) {
        for (const rule of gpuRuleBroken(input)) issues.push({ field: 'gpuCount', rule });
      }
      throw InvalidParameterError.fromIssues('resourceConfig', issues);
    }
    const parsed = checked.data;
    this.instanceType = parsed.instanceType ?? 'standard';
    this.gpuEnabled = parsed.gpuEnabled ?? false;
    this.gpuCount = parsed.gpuCount ?? (this.gpuEnabled ? 1 : 0);
    this.memoryGb = parsed.memoryGb;
    this.cpuCount = parsed.cpuCount;
    this.diskSizeGb = parsed.diskSizeGb;
    this.maxRuntimeHours = parsed.maxRuntimeHours;
    this.autoShutdown = parsed.autoShutdown ?? true;
    this.customParams = deepFreeze(structuredClone(parsed.customParams ?? {}));
    Object.freeze(this);
  }

  /** Accepts a `ResourceConfig` as is, or validates a plain input into one. */
  static from(value: ResourceConfig | ResourceConfigInput | undefined): ResourceConfig {
    return value instanceof ResourceConfig ? value : new ResourceConfig(value ?? {});
  }

  /** A copy with some fields changed, validated again. */
  with(changes: ResourceConfigInput): ResourceConfig {
    const base = this.toJSON();
    // gpuCount's default follows gpuEnabled; switching GPUs on or off without a count must not keep the old
    // derived count (a CPU config turned GPU would otherwise ask for 0 GPUs, and the reverse for 1).
    if (changes.gpuEnabled !== undefined && changes.gpuCount === undefined) delete base.gpuCount;
    return new ResourceConfig({ ...base, ...changes });
  }

  /** The plain form, without `undefined` fields; `new ResourceConfig(config.toJSON())` is equal to `config`. */
  toJSON(): ResourceConfigInput {
    const plain: Record<string, unknown> = {
      instanceType: this.instanceType,
      gpuEnabled: this.gpuEnabled,
      gpuCount: this.gpuCount,
      memoryGb: this.memoryGb,
      cpuCount: this.cpuCount,
      diskSizeGb: this.diskSizeGb,
      maxRuntimeHours: this.maxRuntimeHours,
      autoShutdown: this.autoShutdown,
      customParams: structuredClone(this.customParams) as Record<string, JsonValue>,
    };
    for (const key of Object.keys(plain)) if (plain[key] === undefined) delete plain[key];
    return plain as ResourceConfigInput;
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { CreateTrainingJobRequest, TrainingInstanceType } from '@aws-sdk/client-sagemaker';
import { InvalidParameterError, type ParsedSubmitJobRequest, parseOrThrow } from '@neural/integrations-core';
import { z } from 'zod';
import { type ArchiveEntry, packTarGz } from './archive.js';
import { chooseInstances, type InstanceTypeTable } from './instance-types.js';

/** The environment variable that fingerprints a submit, so a retried create recognises its own job. */
export const SUBMISSION_ENV = 'NEURAL_SUBMISSION';
/** The environment variable holding the job's `jobName`. */
export const JOB_NAME_ENV = 'NEURAL_JOB_NAME';
/** Longest run SageMaker allows a training job: 28 days. */
export const MAX_RUNTIME_SECONDS = 28 * 24 * 3600;

const hyperparameter = z.union([z.string(), z.number(), z.boolean()]);

/** The zod schema of `resourceConfig.customParams` as this connector reads it (other keys are refused). */
export const SageMakerCustomParamsSchema = z.strictObject({
  /** The training image (an ECR URI); default the PyTorch image of the connector's options. */
  image: z.string().min(1, 'must be a container image URI').max(255).optional(),
  /** An ML instance type, overriding the table. */
  instanceType: z
    .string()
    .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an ML instance type such as ml.g5.xlarge')
    .optional(),
  /** How many instances (distributed training). */
  instanceCount: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100).optional(),
  /** A local folder packaged with the code (`sourcedir.tar.gz`); the code is written over its entry point. */
  sourceDir: z.string().min(1, 'must be a local folder').optional(),
  /** The entry script's name inside the archive. Default `train.py`. */
  entryPoint: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.py$/, 'must be a Python file name such as train.py')
    .optional(),
  /** Hyperparameters, passed to the script as `--name value` (JSON-encoded, as the SageMaker Python SDK does). */
  hyperparameters: z
    .record(
      z.string().regex(/^[A-Za-z0-9_.:-]{1,256}$/, 'names must be 1-256 letters, digits, _ . : -'),
      hyperparameter,
    )
    .optional(),
  /** Where the model is written. Default `s3://<bucket>/<prefix>/output`. */
  outputPath: z
    .string()
    .regex(/^s3:\/\/[^/]+(\/.*)?$/, 'must be an s3:// URI')
    .optional(),
  /** Use managed spot training; `maxWaitHours` (≥ `maxRuntimeHours`) bounds the wait for capacity. */
  spot: z.strictObject({ maxWaitHours: z.number().positive('must be greater than 0') }).optional(),
});

/** `resourceConfig.customParams` of a SageMaker job. */
export type SageMakerCustomParams = z.infer<typeof SageMakerCustomParamsSchema>;

/** What the connector's options fix for every job. */
export interface TrainingDefaults {
  readonly region: string;
  readonly roleArn: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly jobNamePrefix: string;
  readonly cpuImage: string;
  readonly gpuImage: string;
  readonly instanceTypes: InstanceTypeTable;
  readonly defaultVolumeGb: number;
  readonly defaultMaxRuntimeHours: number;
}

/** A submit made ready: the training job to create and the source archive to upload first. */
export interface TrainingSpec {
  readonly name: string;
  readonly submission: string;
  readonly sourceKey: string;
  readonly archive: Buffer;
  readonly input: CreateTrainingJobRequest;
}

/**
 * The training job's name: from the idempotency key when there is one (the same key always names the same
 * job, and SageMaker never reuses a name, so a retried create answers `ResourceInUse`), else unique.
 */
export function trainingJobName(prefix: string, idempotencyKey: string | undefined, now: number): string {
  if (idempotencyKey !== undefined) {
    return `${prefix}-k${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
  }
  return `${prefix}-${now.toString(36)}-${randomBytes(6).toString('hex')}`;
}

async function readSourceDir(dir: string): Promise<ArchiveEntry[]> {
  const field = 'resourceConfig.customParams.sourceDir';
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw InvalidParameterError.fromIssues('submitJob request', [
      { field, rule: 'must be an existing local folder' },
    ]);
  }
  const entries: ArchiveEntry[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '.git' || entry.name === 'node_modules' || entry.name === '__pycache__') continue;
        await walk(path);
      } else if (entry.isFile()) {
        const name = relative(dir, path).split(sep).join('/');
        if (Buffer.byteLength(name) > 100) {
          throw InvalidParameterError.fromIssues('submitJob request', [
            {
              field,
              rule: `holds a path longer than 100 bytes (${name.slice(0, 40)}…), which a ustar archive cannot`,
            },
          ]);
        }
        entries.push({ name, data: await readFile(path) });
      }
    }
  };
  await walk(dir);
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Builds the training job of a validated submit: the source archive (the code as the entry point, the
 * `sourceDir`'s files, `requirements.txt` from `dependencies`, which the framework images install first) and
 * the `CreateTrainingJob` request, resources mapped as the README's table says.
 *
 * @throws InvalidParameterError for bad `customParams` or resources SageMaker cannot give.
 */
export async function buildTrainingSpec(
  request: ParsedSubmitJobRequest,
  defaults: TrainingDefaults,
  now: number,
): Promise<TrainingSpec> {
  const config = request.resourceConfig;
  const custom = parseOrThrow(
    SageMakerCustomParamsSchema,
    config.customParams,
    'resourceConfig.customParams',
  );
  const issues: { field: string; rule: string }[] = [];
  const hours = config.maxRuntimeHours ?? defaults.defaultMaxRuntimeHours;
  const maxRuntime = Math.ceil(hours * 3600);
  if (maxRuntime > MAX_RUNTIME_SECONDS) {
    issues.push({
      field: 'resourceConfig.maxRuntimeHours',
      rule: 'must be at most 672 (28 days, SageMaker’s limit)',
    });
  }
  const volume = Math.ceil(config.diskSizeGb ?? defaults.defaultVolumeGb);
  if (volume > 16_384) issues.push({ field: 'resourceConfig.diskSizeGb', rule: 'must be at most 16384' });
  if (custom.spot && custom.spot.maxWaitHours < hours) {
    issues.push({
      field: 'resourceConfig.customParams.spot.maxWaitHours',
      rule: 'must be at least maxRuntimeHours',
    });
  }
  const environmentSize = Object.keys(request.environment).length;
  if (environmentSize > 98)
    issues.push({ field: 'environment', rule: 'must hold at most 98 variables (SageMaker allows 100)' });
  for (const [name, value] of Object.entries(request.environment)) {
    if (name.length > 512 || value.length > 512) {
      issues.push({ field: `environment.${name}`, rule: 'names and values must be at most 512 characters' });
    }
  }
  if (issues.length > 0) throw InvalidParameterError.fromIssues('submitJob request', issues);
  const instances = chooseInstances(config, defaults.instanceTypes, custom);

  const name = trainingJobName(defaults.jobNamePrefix, request.idempotencyKey, now);
  const entryPoint = custom.entryPoint ?? 'train.py';
  const files = new Map<string, Uint8Array>();
  if (custom.sourceDir)
    for (const entry of await readSourceDir(custom.sourceDir)) files.set(entry.name, entry.data);
  files.set(entryPoint, Buffer.from(request.code));
  if (request.dependencies.length > 0)
    files.set('requirements.txt', Buffer.from(`${request.dependencies.join('\n')}\n`));
  const archive = packTarGz([...files].map(([path, data]) => ({ name: path, data })));

  const submission = createHash('sha256')
    .update(
      JSON.stringify([
        request.idempotencyKey,
        request.jobName,
        request.environment,
        config.toJSON(),
        entryPoint,
      ]),
    )
    .update(archive)
    .digest('hex')
    .slice(0, 32);
  const sourceKey = `${defaults.prefix}/${name}/source/sourcedir.tar.gz`;
  const image = custom.image ?? (instances.gpusPerInstance > 0 ? defaults.gpuImage : defaults.cpuImage);
  const hyperparameters: Record<string, string> = {
    sagemaker_program: JSON.stringify(entryPoint),
    sagemaker_submit_directory: JSON.stringify(`s3://${defaults.bucket}/${sourceKey}`),
    sagemaker_region: JSON.stringify(defaults.region),
    sagemaker_container_log_level: '20',
  };
  for (const [key, value] of Object.entries(custom.hyperparameters ?? {}))
    hyperparameters[key] = JSON.stringify(value);
  const input: CreateTrainingJobRequest = {
    TrainingJobName: name,
    RoleArn: defaults.roleArn,
    AlgorithmSpecification: {
      TrainingImage: image,
      TrainingInputMode: 'File',
      EnableSageMakerMetricsTimeSeries: false,
    },
    HyperParameters: hyperparameters,
    OutputDataConfig: {
      S3OutputPath: custom.outputPath ?? `s3://${defaults.bucket}/${defaults.prefix}/output`,
    },
    ResourceConfig: {
      InstanceType: instances.instanceType as TrainingInstanceType,
      InstanceCount: instances.instanceCount,
      VolumeSizeInGB: volume,
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: maxRuntime,
      ...(custom.spot ? { MaxWaitTimeInSeconds: Math.ceil(custom.spot.maxWaitHours * 3600) } : {}),
    },
    ...(custom.spot ? { EnableManagedSpotTraining: true } : {}),
    Environment: {
      ...request.environment,
      [SUBMISSION_ENV]: submission,
      ...(request.jobName ? { [JOB_NAME_ENV]: request.jobName } : {}),
    },
    Tags: [
      { Key: 'neural:managed-by', Value: 'neural-integrations' },
      ...(request.jobName ? [{ Key: 'neural:job-name', Value: request.jobName }] : []),
    ],
  };
  return { name, submission, sourceKey, archive, input };
}

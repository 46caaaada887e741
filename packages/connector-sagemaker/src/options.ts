import { type CommonConnectorOptions, connectorOptionFields, strictOptions } from '@neural/integrations-core';
import { z } from 'zod';
import type { InstanceTypeTable } from './instance-types.js';

/**
 * Credentials of a {@link SageMakerConnector}. Empty (the default), the AWS SDK's default provider chain finds
 * them as the AWS CLI does: environment variables, the shared config and credentials files (with
 * `AWS_PROFILE`), SSO, web identity, then container and instance roles. Give `profile` to pick a profile, or
 * keys to pass them explicitly (tests, short-lived sessions).
 */
export interface SageMakerCredentials {
  /** A profile of `~/.aws/config` / `~/.aws/credentials` (SSO profiles included). */
  profile?: string | undefined;
  /** An access key id; with `secretAccessKey`. */
  accessKeyId?: string | undefined;
  /** The secret of `accessKeyId`. Redacted everywhere. */
  secretAccessKey?: string | undefined;
  /** A session token for temporary credentials. Redacted everywhere. */
  sessionToken?: string | undefined;
}

/** The zod schema of {@link SageMakerCredentials}. */
export const SageMakerCredentialsSchema = strictOptions({
  profile: z.string().min(1, 'must name a profile').optional(),
  accessKeyId: z
    .string()
    .regex(/^[A-Z0-9]{16,128}$/, 'must be an AWS access key id')
    .optional(),
  secretAccessKey: z.string().min(1, 'must not be empty').optional(),
  sessionToken: z.string().min(1, 'must not be empty').optional(),
}).superRefine((value, ctx) => {
  if ((value.accessKeyId === undefined) !== (value.secretAccessKey === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [value.accessKeyId === undefined ? 'accessKeyId' : 'secretAccessKey'],
      message: 'accessKeyId and secretAccessKey go together',
    });
  }
  if (value.profile !== undefined && value.accessKeyId !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['profile'], message: 'give a profile or keys, not both' });
  }
});

/**
 * How a {@link SageMakerConnector} behaves; everything but the credentials. Of the common options, `clock` is
 * where backoff and log polling wait, and `retry` retries failed calls (throttling, 5xx, dropped connections;
 * default 6 attempts from 250 ms, at most 120 s); the AWS SDK's own retries are off.
 */
export interface SageMakerConnectorOptions
  extends Pick<CommonConnectorOptions, 'logger' | 'clock' | 'retry'> {
  /** The AWS region. Default: the SDK's (`AWS_REGION`, the profile's `region`). */
  region?: string | undefined;
  /** One endpoint for every service (SageMaker, CloudWatch Logs, S3 path-style, Service Quotas): a fake, a VPC endpoint proxy. */
  endpoint?: string | undefined;
  /** The execution role training jobs and models run as (`arn:aws:iam::<account>:role/<name>`). Required. */
  roleArn: string;
  /** The S3 bucket the code, outputs and files go to. Required. */
  bucket: string;
  /** The key prefix in the bucket. Default `neural`. */
  prefix?: string | undefined;
  /** Training job names start with it (listJobs finds jobs by it). Default `neural`. */
  jobNamePrefix?: string | undefined;
  /** The training image of CPU jobs. Default the AWS PyTorch training image of the region. */
  cpuImage?: string | undefined;
  /** The training image of GPU jobs. Default the AWS PyTorch GPU training image of the region. */
  gpuImage?: string | undefined;
  /** The inference image `deployModel` uses. Default the AWS PyTorch inference image of the region. */
  inferenceImage?: string | undefined;
  /** The instance type of endpoints when `resourceConfig` names none. Default `ml.m5.large`. */
  endpointInstanceType?: string | undefined;
  /** Replaces the instance-type table (see `DEFAULT_INSTANCE_TYPES`). */
  instanceTypes?: InstanceTypeTable | undefined;
  /** How often `followLogs` reads CloudWatch Logs again. Default 2 000 ms. */
  logPollIntervalMs?: number | undefined;
  /** Multipart part size of uploads, in MiB (5 or more). Default 8. */
  partSizeMb?: number | undefined;
}

const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

const typeName = z.string().min(1, 'must name an instance type');

/**
 * The zod schema of {@link SageMakerConnectorOptions} (the clock, logger and retry policy checked by shape).
 * Strict: a misspelt option (`bucketName`) is refused, naming it, rather than silently ignored.
 */
export const SageMakerConnectorOptionsSchema = strictOptions({
  clock: connectorOptionFields.clock,
  logger: connectorOptionFields.logger,
  retry: connectorOptionFields.retry,
  // Names are not checked here: SageMaker itself says which types exist (a ValidationException naming the field).
  instanceTypes: strictOptions({
    cpu: typeName,
    gpu: z.record(z.string().regex(/^\d+$/, 'must be a GPU count'), typeName),
    aliases: z.record(z.string(), typeName),
  }).optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1')
    .optional(),
  endpoint: z
    .string()
    .refine((value) => URL.canParse(value), 'must be an absolute URL such as https://sagemaker.example')
    .optional(),
  roleArn: z
    .string({ error: 'must be the execution role ARN (arn:aws:iam::<account>:role/<name>)' })
    .regex(
      /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
      'must be an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerExecution',
    ),
  bucket: z
    .string({ error: 'must be an S3 bucket name' })
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  prefix: z
    .string()
    .regex(
      /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/,
      'must be an S3 key prefix without leading or trailing /',
    )
    .optional(),
  jobNamePrefix: z
    .string()
    .max(30, 'must be at most 30 characters')
    .regex(NAME, 'must be letters, digits and single hyphens')
    .optional(),
  cpuImage: z.string().min(1).optional(),
  gpuImage: z.string().min(1).optional(),
  inferenceImage: z.string().min(1).optional(),
  endpointInstanceType: z
    .string()
    .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an ML instance type')
    .optional(),
  logPollIntervalMs: z.number().int().positive('must be greater than 0').optional(),
  partSizeMb: z.number().int().min(5, 'must be at least 5 (S3’s smallest part)').max(5120).optional(),
});

/** AWS's Deep Learning Containers account of each region whose account is not the usual `763104351884`. */
const DLC_ACCOUNTS: Readonly<Record<string, string>> = {
  'af-south-1': '626614931356',
  'ap-east-1': '871362719292',
  'eu-south-1': '692866216735',
  'me-south-1': '217643126080',
  'cn-north-1': '727897471807',
  'cn-northwest-1': '727897471807',
};

/** The AWS PyTorch Deep Learning Container of a region: `training` or `inference`, CPU or GPU. */
export function pytorchImage(region: string, kind: 'training' | 'inference', gpu: boolean): string {
  const account = DLC_ACCOUNTS[region] ?? '763104351884';
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  const tag =
    kind === 'training'
      ? gpu
        ? '2.5.1-gpu-py311-cu124-ubuntu22.04-sagemaker'
        : '2.5.1-cpu-py311-ubuntu22.04-sagemaker'
      : '2.5.1-cpu-py311-ubuntu22.04-sagemaker';
  return `${account}.dkr.ecr.${region}.${domain}/pytorch-${kind}:${tag}`;
}

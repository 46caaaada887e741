import { clockSchema, millisecondsSchema, probabilitySchema, seedSchema } from '@neural/fake-platform';
import { strictOptions } from '@neural/integrations-core';
import { z } from 'zod';

/** The kinds of fault the fake can inject, as AWS's front ends do now and then. */
export const AWS_FAULT_KINDS = [
  'throttling',
  'internal',
  'unavailable',
  'drop-before',
  'drop-after',
] as const;

/**
 * One kind of injected fault:
 * - `throttling`: `ThrottlingException` (SageMaker, CloudWatch Logs) or `SlowDown` (S3), nothing done;
 * - `internal` / `unavailable`: `500 InternalFailure` / `503 ServiceUnavailable`, nothing done;
 * - `drop-before`: the connection drops before the service acted;
 * - `drop-after`: the service acted (a training job is created, an object stored), then the connection drops,
 *   whatever the service answered (an error included).
 */
export type AwsFaultKind = (typeof AWS_FAULT_KINDS)[number];

/** The zod schema of {@link FakeAwsOptions}. */
export const FakeAwsOptionsSchema = strictOptions(
  {
    url: z
      .string()
      .refine((value) => URL.canParse(value), 'must be an absolute URL such as http://aws.fake.test')
      .default('http://aws.fake.test'),
    region: z.string().min(1).default('us-east-1'),
    accountId: z
      .string()
      .regex(/^\d{12}$/, 'must be 12 digits')
      .default('123456789012'),
    /** Access key id → secret; requests signed with another key id are refused (`UnrecognizedClientException`). */
    accessKeys: z
      .record(z.string().min(16), z.string().min(1))
      .default({ AKIAFAKESAGEMAKER000: 'fake-secret' }),
    /** Buckets that exist. */
    buckets: z.array(z.string().min(3)).default(['neural-sagemaker']),
    clock: clockSchema.optional(),
    seed: seedSchema.default(1),
    defaultQueueMs: millisecondsSchema.default(50),
    defaultStartingMs: millisecondsSchema.default(50),
    defaultDurationMs: millisecondsSchema.default(500),
    /** How long a stopped job stays `Stopping` before `Stopped`. */
    stoppingMs: millisecondsSchema.default(20),
    /** How many events a `GetLogEvents` page holds when the request sets no `limit` (AWS: up to 10 000 or 1 MB). */
    logPageSize: z.number().int().min(1).max(10_000).default(10_000),
    /** How long a new endpoint stays `Creating` before `InService`. */
    endpointCreatingMs: millisecondsSchema.default(50),
    /** Service Quotas of `sagemaker`: quota name → value. */
    quotas: z.record(z.string(), z.number().nonnegative()).default({
      'ml.m5.xlarge for training job usage': 20,
      'ml.g5.xlarge for training job usage': 4,
      'ml.g5.12xlarge for training job usage': 2,
      'ml.p4d.24xlarge for training job usage': 0,
      'Number of instances across all training jobs': 8,
    }),
    faults: z
      .strictObject({
        rate: probabilitySchema.default(0),
        kinds: z
          .array(z.enum(AWS_FAULT_KINDS))
          .min(1)
          .default([...AWS_FAULT_KINDS]),
      })
      .prefault({}),
  },
  // The old name is refused with its new one, as the fake platform's is.
  { renamed: { baseUrl: 'url' } },
);

/**
 * Options of the fake AWS services:
 *
 * - `url`: where the handlers answer, the connector's `endpoint` (every service on one URL; S3 path-style);
 * - `region`, `accountId`: what ARNs and the endpoint URL name;
 * - `accessKeys`: the access key ids it accepts (the signature itself is not verified);
 * - `buckets`: the S3 buckets that exist;
 * - `clock`: drives the training jobs and endpoints (default the system clock);
 * - `seed`: seeds fault decisions, so a run is reproducible;
 * - `defaultQueueMs` / `defaultStartingMs` / `defaultDurationMs`: a job's timeline when its code does not say
 *   (`# @fake queue=… starting=… duration=…`);
 * - `stoppingMs`, `endpointCreatingMs`: how long a stop and an endpoint take;
 * - `logPageSize`: events per `GetLogEvents` page, small to make clients page;
 * - `quotas`: Service Quotas of `sagemaker`; `faults`: see {@link AwsFaultKind}.
 */
export type FakeAwsOptions = z.input<typeof FakeAwsOptionsSchema>;
/** Options after defaults were applied. */
export type ResolvedFakeAwsOptions = z.output<typeof FakeAwsOptionsSchema>;

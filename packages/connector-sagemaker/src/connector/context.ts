/** What every operation of the connector works with: the AWS clients and the connector's settings. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { Clock, Logger, RetryPolicy } from '@neural/integrations-core';
import type { InstanceTypeTable } from '../instance-types.js';
import type { SageMakerConnectorOptions } from '../options.js';

/** The connector's clients and settings, made once in its constructor and handed to each operation. */
export interface SageMakerContext {
  readonly sagemaker: SageMakerClient;
  readonly logs: CloudWatchLogsClient;
  readonly s3: S3Client;
  readonly quotas: ServiceQuotasClient;
  /** Where time is read and waited on. */
  readonly clock: Clock;
  /** Already redacting. */
  readonly logger: Logger;
  /** How failed calls are retried (the SDK's own retries are off). */
  readonly retry: Omit<RetryPolicy, 'signal' | 'clock'>;
  /** The options as given (role, images, name prefix, region). */
  readonly options: SageMakerConnectorOptions;
  /** The bucket code, outputs and files go to. */
  readonly bucket: string;
  /** The key prefix in the bucket. */
  readonly prefix: string;
  /** Which instance types resources map to. */
  readonly instanceTypes: InstanceTypeTable;
}

/** The region: the option's, else the SDK's (`AWS_REGION`, the profile's). */
export async function regionOf(context: SageMakerContext): Promise<string> {
  return context.options.region ?? (await context.sagemaker.config.region());
}

/** The prefix every training job name of this connector starts with. */
export function jobNamePrefixOf(context: SageMakerContext): string {
  return context.options.jobNamePrefix ?? 'neural';
}

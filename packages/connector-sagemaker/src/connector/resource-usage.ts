/** Training capacity: the account's Service Quotas for the table's instance types, and this connector's job counts. */
import { ListServiceQuotasCommand } from '@aws-sdk/client-service-quotas';
import { JobStatus, type ResourceUsage } from '@neural/integrations-core';
import { callAws } from './aws-calls.js';
import type { SageMakerContext } from './context.js';
import { trainingJobSummaries } from './listing.js';

/**
 * Training capacity from Service Quotas (`sagemaker`): for each instance type of the table,
 * `trainingQuota:<type>` (instances of that type training jobs may use at once), and this connector's
 * `runningJobs` and `pendingJobs`. AWS publishes no account-wide count of GPUs in use, so `totalGpus` and
 * `usedGpus` are not claimed.
 */
export async function trainingCapacity(
  context: SageMakerContext,
  signal: AbortSignal | undefined,
): Promise<ResourceUsage> {
  const quotas = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await callAws(context, 'getResourceUsage', 'servicequotas:ListServiceQuotas', signal, (s) =>
      context.quotas.send(
        new ListServiceQuotasCommand({
          ServiceCode: 'sagemaker',
          MaxResults: 100,
          ...(token ? { NextToken: token } : {}),
        }),
        {
          abortSignal: s,
        },
      ),
    );
    for (const quota of page.Quotas ?? []) {
      if (quota.QuotaName && quota.Value !== undefined) quotas.set(quota.QuotaName, quota.Value);
    }
    token = page.NextToken;
  } while (token);
  const { instanceTypes } = context;
  const types = new Set([
    instanceTypes.cpu,
    ...Object.values(instanceTypes.gpu),
    ...Object.values(instanceTypes.aliases),
  ]);
  const usage: Record<string, number> = {};
  for (const type of [...types].sort()) {
    const value = quotas.get(`${type} for training job usage`);
    if (value !== undefined) usage[`trainingQuota:${type}`] = value;
  }
  const active = await trainingJobSummaries(context, 1000, JobStatus.RUNNING, signal);
  const pending = await trainingJobSummaries(context, 1000, JobStatus.PENDING, signal);
  return Object.freeze({ ...usage, runningJobs: active.length, pendingJobs: pending.length });
}

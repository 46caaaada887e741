import { AwsServiceError } from './aws-error.js';
import { type JsonObject, required, str } from './json.js';
import type { ResolvedFakeAwsOptions } from './options.js';

/** `ListServiceQuotas` of the fake: the quotas of `sagemaker` from its options, paged. */

export function listServiceQuotas(options: ResolvedFakeAwsOptions, request: JsonObject): JsonObject {
  const service = required(str(request.ServiceCode), 'serviceCode');
  if (service !== 'sagemaker')
    throw new AwsServiceError('NoSuchResourceException', `The service ${service} is not known here.`);
  const entries = Object.entries(options.quotas);
  const max = typeof request.MaxResults === 'number' ? request.MaxResults : 100;
  const start =
    request.NextToken === undefined ? 0 : Number(String(request.NextToken).replace(/^quotas-/, ''));
  const page = entries.slice(start, start + max);
  return {
    Quotas: page.map(([QuotaName, Value], index) => ({
      ServiceCode: 'sagemaker',
      ServiceName: 'Amazon SageMaker',
      QuotaCode: `L-${String(start + index + 1).padStart(8, '0')}`,
      QuotaName,
      Value,
      Unit: 'None',
      Adjustable: true,
      GlobalQuota: false,
    })),
    ...(start + max < entries.length ? { NextToken: `quotas-${start + max}` } : {}),
  };
}

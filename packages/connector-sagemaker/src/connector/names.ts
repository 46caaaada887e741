/** What SageMaker accepts as the name of a training job, model, endpoint configuration or endpoint. */
import { InvalidParameterError } from '@neural/integrations-core';

/** 1-63 letters, digits and single hyphens, starting with a letter or digit. */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** @throws InvalidParameterError naming `endpointName` when it is not a SageMaker name. */
export function assertEndpointName(operation: string, endpointName: string): void {
  if (typeof endpointName !== 'string' || !SAGEMAKER_NAME.test(endpointName)) {
    throw InvalidParameterError.fromIssues(operation, [
      {
        field: 'endpointName',
        rule: 'must be 1-63 letters, digits and single hyphens, starting with a letter or digit',
      },
    ]);
  }
}

import { validationError } from './aws-error.js';
import { type Json, required, str } from './json.js';

/** SageMaker's pattern for the names of training jobs, models and endpoints. */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** The name in `value`, or the `ValidationException` SageMaker answers for a missing or malformed one. */
export function requireName(value: Json | undefined, field: string): string {
  const name = required(str(value), field);
  if (!SAGEMAKER_NAME.test(name))
    throw validationError(
      field,
      name,
      `Member must satisfy regular expression pattern: ${SAGEMAKER_NAME.source}`,
    );
  return name;
}

import { validationError } from './aws-error.js';
import { type Json, type JsonObject, obj, required, str } from './json.js';

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

/** The `ValidationException` for a `Tags` list whose tags lack a `Key` or a `Value` (both required). */
export function requireTags(request: JsonObject): void {
  const tags = request.Tags;
  if (tags === undefined) return;
  if (!Array.isArray(tags)) throw validationError('tags', tags, 'Member must be a list');
  tags.forEach((tag, index) => {
    required(str(obj(tag)?.Key), `tags.${index + 1}.member.key`);
    required(str(obj(tag)?.Value), `tags.${index + 1}.member.value`);
  });
}

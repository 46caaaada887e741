/** An error the fake answers with, in the service's own shape (`__type` for JSON protocols, `<Error>` for S3). */
export class AwsServiceError extends Error {
  constructor(
    /** The error code: `ValidationException`, `ResourceInUse`, `NoSuchKey`. */
    readonly code: string,
    message: string,
    /** The HTTP status. */
    readonly status = 400,
    /** The member the message is in: SageMaker's modelled errors say `Message`, the common ones `message`. */
    readonly messageMember: 'message' | 'Message' = 'message',
  ) {
    super(message);
    this.name = 'AwsServiceError';
  }
}

/** A value as AWS's validation messages show it: Java's `toString` (`[a, b]`, `{k=v}`), quoted; `null` bare. */
export function shownValue(value: unknown): string {
  const text = (item: unknown): string => {
    if (Array.isArray(item)) return `[${item.map(text).join(', ')}]`;
    if (item !== null && typeof item === 'object')
      return `{${Object.entries(item)
        .map(([key, entry]) => `${key}=${text(entry)}`)
        .join(', ')}}`;
    return String(item);
  };
  return value === undefined || value === null ? 'null' : `'${text(value)}'`;
}

/** `ValidationException` as AWS words it: `1 validation error detected: Value … at 'field' failed to satisfy constraint: …`. */
export function validationError(field: string, value: unknown, constraint: string): AwsServiceError {
  const shown = shownValue(value);
  return new AwsServiceError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

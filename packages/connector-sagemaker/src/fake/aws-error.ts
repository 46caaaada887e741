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

/** `ValidationException` as AWS words it: `1 validation error detected: Value … at 'field' failed to satisfy constraint: …`. */
export function validationError(field: string, value: unknown, constraint: string): AwsServiceError {
  const shown = value === undefined ? 'null' : JSON.stringify(value);
  return new AwsServiceError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

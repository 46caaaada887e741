/** The span and metric attribute names `withTelemetry` writes: a fixed list, so nothing else can leak. */
export const TELEMETRY_ATTRIBUTES = Object.freeze({
  /** The contract method (`submitJob`, `getJobStatus`, …). */
  operation: 'neural.operation',
  /** The platform's name (a profile name, a connector kind). */
  platform: 'neural.platform',
  /** The job the call is about, or the one `submitJob` made. */
  jobId: 'neural.job.id',
  /** `success`, `error` or `aborted`. */
  outcome: 'neural.outcome',
  /** How many times the connector retried inside the call (see `recordRetry`). */
  retries: 'neural.retries',
  /** The error's stable code (`JOB_NOT_FOUND`), when the call failed. */
  errorCode: 'neural.error.code',
  /** The error's class name, in OpenTelemetry's own attribute. */
  errorType: 'error.type',
});

/** The metric names `withTelemetry` records. */
export const TELEMETRY_METRICS = Object.freeze({
  /** Counter: every call, by operation, platform and outcome. */
  calls: 'neural.connector.calls',
  /** Counter: failed calls, by operation, platform and error code. */
  errors: 'neural.connector.errors',
  /** Histogram: how long calls took, in milliseconds. */
  duration: 'neural.connector.duration',
  /** Counter: retries the connector made inside calls. */
  retries: 'neural.connector.retries',
});

/** How a traced call ended. */
export type CallOutcome = 'success' | 'error' | 'aborted';

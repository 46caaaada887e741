import {
  CloudException,
  CONTRACT_METHODS,
  type Connector,
  getCapabilities,
  isAbortError,
} from '@neural/integrations-core';
import {
  type Attributes,
  context,
  type Meter,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { TELEMETRY_ATTRIBUTES as A, type CallOutcome, TELEMETRY_METRICS as M } from './attributes.js';
import { runTraced, type TracedCall } from './retry-context.js';

/** What {@link withTelemetry} records with. */
export interface TelemetryOptions {
  /** Where spans go. Default: the global tracer provider's `@neural/telemetry` tracer. */
  tracer?: Tracer | undefined;
  /** Where metrics go. Default: the global meter provider's `@neural/telemetry` meter. */
  meter?: Meter | undefined;
  /** The platform's name on every span and metric. Default: the connector's class name. */
  platform?: string | undefined;
}

/** Methods whose first argument is something other than a job id. */
const NOT_ABOUT_A_JOB = new Set([
  'authenticate',
  'submitJob',
  'listJobs',
  'deployModel',
  'deleteEndpoint',
  'uploadFile',
  'downloadFile',
  'getResourceUsage',
]);

const SCOPE = '@neural/telemetry';

/**
 * Wraps a connector so every contract call runs in a span (`neural.<method>`, kind CLIENT) carrying the
 * operation, the platform, the job id, the outcome and the number of retries, and is counted in the
 * `neural.connector.*` metrics (calls, errors, duration, retries). Arguments and results are never recorded
 * (they hold credentials, code and environment values); a failed call records the error's code and class,
 * not its message. The wrapper implements the same contract, with the same capabilities.
 *
 * @example
 * ```ts
 * const traced = withTelemetry(new LocalConnector(), { tracer, meter, platform: 'laptop' });
 * const jobId = await traced.submitJob({ code: 'print(1)' }); // a span neural.submitJob with neural.job.id
 * ```
 */
export function withTelemetry(connector: Connector, options: TelemetryOptions = {}): Connector {
  const tracer = options.tracer ?? trace.getTracer(SCOPE);
  const meter = options.meter;
  const platform = options.platform ?? connector.constructor?.name ?? 'connector';
  const calls = meter?.createCounter(M.calls, { description: 'Connector calls', unit: '{call}' });
  const errors = meter?.createCounter(M.errors, { description: 'Failed connector calls', unit: '{call}' });
  const retries = meter?.createCounter(M.retries, {
    description: 'Retries inside connector calls',
    unit: '{retry}',
  });
  const duration = meter?.createHistogram(M.duration, { description: 'Connector call duration', unit: 'ms' });
  const source = connector as unknown as Record<string, (...args: unknown[]) => unknown>;

  const start = (operation: string, args: readonly unknown[]) => {
    const attributes: Attributes = { [A.operation]: operation, [A.platform]: platform };
    if (!NOT_ABOUT_A_JOB.has(operation) && typeof args[0] === 'string') attributes[A.jobId] = args[0];
    const span = tracer.startSpan(`neural.${operation}`, { kind: SpanKind.CLIENT, attributes });
    const call: TracedCall = { span, retries: 0 };
    const began = performance.now();
    const finish = (outcome: CallOutcome, error?: unknown, jobId?: unknown) => {
      if (typeof jobId === 'string') span.setAttribute(A.jobId, jobId);
      span.setAttribute(A.outcome, outcome);
      span.setAttribute(A.retries, call.retries);
      const metricAttributes: Attributes = {
        [A.operation]: operation,
        [A.platform]: platform,
        [A.outcome]: outcome,
      };
      if (outcome === 'success') span.setStatus({ code: SpanStatusCode.OK });
      else {
        const code = CloudException.isInstance(error) ? error.code : 'UNEXPECTED';
        const type = error instanceof Error ? error.name : typeof error;
        span.setAttributes({ [A.errorCode]: code, [A.errorType]: type });
        span.setStatus({ code: SpanStatusCode.ERROR, message: `${type} ${code}` });
        errors?.add(1, { ...metricAttributes, [A.errorCode]: code });
      }
      calls?.add(1, metricAttributes);
      if (call.retries > 0) retries?.add(call.retries, { [A.operation]: operation, [A.platform]: platform });
      duration?.record(performance.now() - began, metricAttributes);
      span.end();
    };
    const failed = (error: unknown) => finish(isAbortError(error) ? 'aborted' : 'error', error);
    const inSpan = <T>(work: () => T): T =>
      runTraced(call, () => context.with(trace.setSpan(context.active(), span), work));
    return { finish, failed, inSpan };
  };

  const wrapped: Record<string, unknown> = { capabilities: getCapabilities(connector) };
  for (const operation of CONTRACT_METHODS as readonly string[]) {
    const method = source[operation];
    if (typeof method !== 'function') continue;
    wrapped[operation] =
      operation === 'followLogs'
        ? async function* (...args: unknown[]) {
            const traced = start(operation, args);
            let iterator: AsyncIterator<string> | undefined;
            let ended = false;
            try {
              const stream = traced.inSpan(() => method.apply(connector, args) as AsyncIterable<string>);
              iterator = stream[Symbol.asyncIterator]();
              for (;;) {
                const next = await traced.inSpan(() => iterator!.next());
                if (next.done) break;
                yield next.value;
              }
            } catch (error) {
              ended = true;
              traced.failed(error);
              throw error;
            } finally {
              if (!ended) {
                // Reached the end, or the reader stopped early: both are a call that went as asked.
                ended = true;
                traced.finish('success');
                await iterator?.return?.();
              }
            }
          }
        : async (...args: unknown[]) => {
            const traced = start(operation, args);
            try {
              const result = await traced.inSpan(() => method.apply(connector, args));
              traced.finish('success', undefined, operation === 'submitJob' ? result : undefined);
              return result;
            } catch (error) {
              traced.failed(error);
              throw error;
            }
          };
  }
  return Object.freeze(wrapped) as unknown as Connector;
}

/**
 * The connector's way to the API server: the official client's APIs for the namespace, and `call`, which
 * sends one request with the caller's signal, puts its errors in the contract's terms and retries it when
 * retryable.
 */
import {
  AuthorizationV1Api,
  BatchV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  type KubeConfig,
  Observable,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { type Clock, type Logger, logRetries, type RetryPolicy, withRetry } from '@neural/integrations-core';
import { type Permission, toContractError } from '../errors.js';

/** The client of one connector: its APIs, its namespace, its clock and its retry policy. */
export class KubeClient {
  readonly batch: BatchV1Api;
  readonly core: CoreV1Api;
  readonly authorization: AuthorizationV1Api;

  constructor(
    readonly kubeConfig: KubeConfig,
    /** The namespace jobs run in. */
    readonly namespace: string,
    readonly clock: Clock,
    readonly retry: Omit<RetryPolicy, 'signal' | 'clock'>,
    /** The connector's (redacting) logger. */
    readonly logger: Logger,
  ) {
    this.batch = kubeConfig.makeApiClient(BatchV1Api);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.authorization = kubeConfig.makeApiClient(AuthorizationV1Api);
  }

  /** One API call with the caller's signal, its errors in the contract's terms, retried when retryable. */
  call<T>(
    operation: string,
    permission: Permission,
    send: (options: ConfigurationOptions) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    return withRetry(
      async ({ signal: attemptSignal }) => {
        try {
          return await send(callOptions(attemptSignal));
        } catch (error) {
          throw toContractError(error, operation, permission);
        }
      },
      {
        ...this.retry,
        clock: this.clock,
        signal,
        onRetry: logRetries(this.logger, 'retrying a Kubernetes call', { operation }, this.retry.onRetry),
      },
    );
  }

  /** What a call on a resource in the namespace needs, for the error when RBAC refuses it. */
  permission(verb: string, resource: string, group: string): Permission {
    return { verb, resource, group, namespace: this.namespace };
  }
}

/** Per-call client options: the attempt's signal on the request, so an abort stops it on the wire. */
function callOptions(signal: AbortSignal | undefined): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          if (signal) context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

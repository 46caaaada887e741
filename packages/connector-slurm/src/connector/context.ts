/** What every operation of the connector works with: the configured connection to slurmrestd. */
import type { Clock, Logger, RetryPolicy } from '@neural/integrations-core';
import type { SlurmApiAdapter } from '../api/adapter.js';
import type { SlurmTransport } from '../transport.js';

/** The connector's configured connection, made once in its constructor and handed to each operation. */
export interface SlurmContext {
  /** The API version's adapter: paths, request bodies, response schemas. */
  readonly api: SlurmApiAdapter;
  /** Sends requests to slurmrestd. */
  readonly transport: SlurmTransport;
  /** Where time is read and waited on. */
  readonly clock: Clock;
  /** Already redacting. */
  readonly logger: Logger;
  /** The credentials' user: whose jobs are listed and looked up by idempotency key. */
  readonly user: string;
  /** Where jobs run and write their output files, without a trailing slash. */
  readonly workdir: string;
  /** How failed requests (and keyed submits) are retried. */
  readonly retry: Omit<RetryPolicy, 'signal' | 'clock'>;
}

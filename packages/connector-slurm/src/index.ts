/**
 * `SlurmConnector`: ML jobs as Slurm batch jobs, through slurmrestd.
 *
 * @packageDocumentation
 */
export type {
  SlurmApiAdapter,
  SlurmApiError,
  SlurmJob,
  SlurmJobSpec,
  SlurmNode,
} from './api/adapter.js';
export { SLURM_API_VERSIONS, type SlurmApiVersion } from './api/versions.js';
export type { SlurmCredentials } from './credentials.js';
export type { SlurmConnectorOptions } from './options.js';
export { connectorFactory, connectorRegistration } from './registration.js';
export { SlurmConnector } from './slurm-connector.js';

export type {
  SlurmApiAdapter,
  SlurmApiError,
  SlurmJob,
  SlurmJobSpec,
  SlurmNode,
} from './api/adapter.js';
export { slurmApiV0038 } from './api/v0.0.38.js';
export { errorFromSlurmResponse, SlurmErrno, type SlurmErrorContext } from './errors.js';
export {
  buildBatchScript,
  expandOutputPath,
  SLURM_CUSTOM_PARAMS,
  type SlurmResources,
  toSlurmResources,
} from './job-spec.js';
export { connectorFactory, connectorRegistration } from './registration.js';
export {
  SLURM_API_VERSIONS,
  type SlurmApiVersion,
  SlurmConnector,
  type SlurmConnectorOptions,
  type SlurmCredentials,
} from './slurm-connector.js';
export {
  decodeExitStatus,
  mapSlurmState,
  REQUEUE_CANDIDATE_STATES,
  REQUEUE_GRACE_SECONDS,
  SLURM_STATE_MAP,
  type SlurmExitStatus,
  type SlurmJobState,
  slurmJobStatus,
} from './states.js';

/**
 * `@neural/connector-local`: {@link LocalConnector}, which runs jobs as processes on this machine, its options,
 * the job record it keeps on disk (`job.json`), and its registration.
 *
 * @packageDocumentation
 */
export { LocalConnector } from './local-connector.js';
export { DEFAULT_LOCAL_ROOT, type LocalConnectorOptions, SAFE_ENVIRONMENT } from './options.js';
export { LOCAL_JOB_STATES, type LocalJobRecord, LocalJobRecordSchema, type LocalJobState } from './record.js';
export { connectorFactory, connectorRegistration } from './registration.js';

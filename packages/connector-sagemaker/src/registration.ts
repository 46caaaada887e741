import type { ConnectorFactory, ConnectorRegistration } from '@neural/integrations-core';
import type { SageMakerConnectorOptions, SageMakerCredentials } from './options.js';
import { SageMakerConnector } from './sagemaker-connector.js';

/**
 * Makes a {@link SageMakerConnector} from plain credentials (`{ profile }`, `{ accessKeyId, secretAccessKey }`
 * or `{}` for the SDK's default chain) and options (`bucket` is required), for the connector registry:
 * `registerConnector('sagemaker', connectorFactory)`. The constructor validates both.
 */
export const connectorFactory: ConnectorFactory = (credentials, options) =>
  // Plain options cannot promise the required `bucket`; the constructor's schema checks it and names it.
  new SageMakerConnector(
    credentials as SageMakerCredentials,
    options as unknown as SageMakerConnectorOptions,
  );

/** The kind (`sagemaker`) and factory this package is registered under. */
export const connectorRegistration: ConnectorRegistration = Object.freeze({
  kind: 'sagemaker',
  factory: connectorFactory,
});

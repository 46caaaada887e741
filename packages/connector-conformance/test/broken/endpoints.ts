import { type CallOptions, CloudExecutionError, type DeployModelOptions } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Sends any endpoint name and model path to the platform as they are: slashes, spaces, blanks and all. */
export class SendsAnyEndpointNameConnector extends ReferenceConnector {
  override async deployModel(
    modelPath: string,
    endpointName: string,
    options: DeployModelOptions = {},
  ): Promise<string> {
    await this.enter(options.signal);
    this.platform.endpoints.set(endpointName, modelPath);
    return `https://inference.example/${endpointName}`;
  }

  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    await this.enter(options.signal);
    return this.platform.endpoints.delete(endpointName);
  }
}

/**
 * Tells "deleted" from "never existed", as a platform answering 410 for one and 404 for the other might be
 * read: `false` only for a name it deleted itself, an error for any other name.
 */
export class DeleteNeverDeployedThrowsConnector extends ReferenceConnector {
  readonly #deleted = new Set<string>();

  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    const deleted = await super.deleteEndpoint(endpointName, options);
    if (deleted) this.#deleted.add(endpointName);
    else if (!this.#deleted.has(endpointName)) {
      throw new CloudExecutionError(`No endpoint ${endpointName}`, { code: 'ENDPOINT_NOT_FOUND' });
    }
    return deleted;
  }
}

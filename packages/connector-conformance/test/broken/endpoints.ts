import type { CallOptions, DeployModelOptions } from '@neural/integrations-core';
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

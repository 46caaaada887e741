// Model endpoints in memory: `deployModel` records one under its name, `deleteEndpoint` removes it.
import {
  CloudExecutionError,
  type DeployModelOptions,
  InvalidParameterError,
  ResourceConfig,
} from '@neural/integrations-core';
import { assertNonEmptyString } from './argument-checks.js';

/** A deployed endpoint, as the mock keeps it. */
export interface MockEndpoint {
  /** The endpoint's name. */
  readonly name: string;
  /** The model it serves. */
  readonly modelPath: string;
  /** The URL `deployModel` returned. */
  readonly url: string;
  /** The resources it runs on. */
  readonly resourceConfig: ResourceConfig;
  /** When it was deployed, on the connector's clock. */
  readonly createdAt: number;
}

const ENDPOINT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Checks `deployModel`'s arguments and returns the resources to deploy on.
 *
 * @throws InvalidParameterError naming `modelPath`, `endpointName` or a bad `resourceConfig` field.
 */
export function checkDeployment(
  modelPath: string,
  endpointName: string,
  options: DeployModelOptions,
): ResourceConfig {
  assertNonEmptyString(modelPath, 'modelPath');
  if (typeof endpointName !== 'string' || !ENDPOINT_NAME.test(endpointName)) {
    throw InvalidParameterError.forField(
      'endpointName',
      'must be 1 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
    );
  }
  return ResourceConfig.from(options.resourceConfig);
}

/** The endpoints deployed on one connector, by name. */
export class MockEndpoints {
  readonly #endpoints = new Map<string, MockEndpoint>();

  /**
   * Records the endpoint and returns its URL.
   *
   * @throws CloudExecutionError with code `ENDPOINT_EXISTS` when the name is taken.
   */
  deploy(modelPath: string, endpointName: string, resourceConfig: ResourceConfig, at: number): string {
    if (this.#endpoints.has(endpointName)) {
      throw new CloudExecutionError(`Endpoint ${endpointName} already exists`, {
        code: 'ENDPOINT_EXISTS',
      });
    }
    const url = `https://mock.invalid/endpoints/${endpointName}`;
    this.#endpoints.set(
      endpointName,
      Object.freeze({
        name: endpointName,
        modelPath,
        url,
        resourceConfig,
        createdAt: at,
      }),
    );
    return url;
  }

  /** Removes an endpoint: `true` when it existed. */
  delete(endpointName: string): boolean {
    return this.#endpoints.delete(endpointName);
  }

  /** The endpoint deployed under `name`, or `undefined`. */
  get(name: string): MockEndpoint | undefined {
    return this.#endpoints.get(name);
  }

  /** How many endpoints are deployed. */
  get size(): number {
    return this.#endpoints.size;
  }
}

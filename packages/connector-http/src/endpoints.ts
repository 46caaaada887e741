/** Model endpoints over `/v1/endpoints`: deploy a model file under a name, delete it by that name. */
import {
  type CallOptions,
  CloudExecutionError,
  type DeployModelOptions,
  InvalidParameterError,
  ResourceConfig,
} from '@neural/integrations-core';
import { discardBody, type HttpTransport } from '@neural/integrations-core/http';
import { EndpointSchema, type Problem } from './schemas.js';

const ENDPOINT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Deploys a model file as an endpoint; returns its URL. */
export async function deployModel(
  http: HttpTransport<Problem>,
  modelPath: string,
  endpointName: string,
  options: DeployModelOptions,
): Promise<string> {
  if (typeof modelPath !== 'string' || modelPath.trim() === '')
    throw InvalidParameterError.forField('modelPath', 'must be a non-empty string');
  assertEndpointName(endpointName);
  const resources = ResourceConfig.from(options.resourceConfig);
  const endpoint = await http.json(EndpointSchema, {
    method: 'POST',
    path: '/endpoints',
    json: { name: endpointName, modelPath, resources: resources.toJSON() },
    operation: 'deployModel',
    signal: options.signal,
  });
  return endpoint.url;
}

/** Deletes an endpoint: `true` when it existed, `false` when there was none by that name. */
export async function deleteEndpoint(
  http: HttpTransport<Problem>,
  endpointName: string,
  options: CallOptions,
): Promise<boolean> {
  assertEndpointName(endpointName);
  try {
    await http.send(
      {
        method: 'DELETE',
        path: `/endpoints/${encodeURIComponent(endpointName)}`,
        operation: 'deleteEndpoint',
        signal: options.signal,
      },
      async (response) => discardBody(response),
    );
    return true;
  } catch (error) {
    if (CloudExecutionError.isInstance(error) && error.code === 'ENDPOINT_NOT_FOUND') return false;
    throw error;
  }
}

function assertEndpointName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !ENDPOINT_NAME.test(name)) {
    throw InvalidParameterError.forField(
      'endpointName',
      'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
}

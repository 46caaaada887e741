/** Model Serving endpoints: creating one for a registered model, and deleting one. */
import { CloudExecutionError, type DeployModelOptions } from '@neural/integrations-core';
import type { HttpTransport } from '@neural/integrations-core/http';
import { type DatabricksError, EmptyObjectSchema, ServingEndpointSchema } from '../api.js';
import { assertEndpointName, servingEndpointRequest } from '../serving.js';

/**
 * Creates a Model Serving endpoint serving a registered model: `modelPath` is its name
 * (`catalog.schema.model` in Unity Catalog) and optionally `/<version>` (default version 1). Returns the
 * endpoint's invocation URL at once; the endpoint becomes ready minutes later.
 */
export async function createServingEndpoint(
  http: HttpTransport<DatabricksError>,
  host: string,
  modelPath: string,
  endpointName: string,
  options: DeployModelOptions,
): Promise<string> {
  const endpoint = await http.json(ServingEndpointSchema, {
    method: 'POST',
    path: '/api/2.0/serving-endpoints',
    json: servingEndpointRequest(modelPath, endpointName, options.resourceConfig),
    operation: 'deployModel',
    signal: options.signal,
  });
  return `${host}/serving-endpoints/${encodeURIComponent(endpoint.name)}/invocations`;
}

/** Deletes a serving endpoint: `true` when it existed, `false` when there was none by that name. */
export async function deleteServingEndpoint(
  http: HttpTransport<DatabricksError>,
  endpointName: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  assertEndpointName(endpointName);
  try {
    await http.json(EmptyObjectSchema, {
      method: 'DELETE',
      path: `/api/2.0/serving-endpoints/${encodeURIComponent(endpointName)}`,
      operation: 'deleteEndpoint',
      signal,
    });
    return true;
  } catch (error) {
    if (CloudExecutionError.isInstance(error) && error.code === 'RESOURCE_DOES_NOT_EXIST') return false;
    throw error;
  }
}

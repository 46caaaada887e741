/** The fake's Model Serving endpoints: create, get and delete, ready `endpointReadyMs` after creation. */
import { randomBytes } from 'node:crypto';
import { apiError, type FakeAnswer, invalidParameter, ok } from './answers.js';
import { type Endpoint, type FakeWorkspaceState, isObject, type Json } from './state.js';

const ENDPOINT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const WORKLOAD_SIZES = new Set(['Small', 'Medium', 'Large']);
const WORKLOAD_TYPES = new Set(['CPU', 'GPU_SMALL', 'GPU_MEDIUM', 'GPU_LARGE', 'MULTIGPU_MEDIUM']);

/** `POST /api/2.0/serving-endpoints`. */
export function createEndpoint(state: FakeWorkspaceState, body: unknown): FakeAnswer {
  if (!isObject(body)) return invalidParameter('The request body must be a JSON object');
  const { name, config } = body;
  if (typeof name !== 'string' || !ENDPOINT_NAME.test(name)) {
    return invalidParameter('Invalid value for parameter name: must be 1-63 letters, digits, "-" or "_"');
  }
  const entities = isObject(config) ? config.served_entities : undefined;
  if (!Array.isArray(entities) || entities.length === 0) {
    return invalidParameter('config.served_entities must hold at least one entity');
  }
  for (const entity of entities) {
    if (!isObject(entity) || typeof entity.entity_name !== 'string' || entity.entity_name === '') {
      return invalidParameter('served_entities[].entity_name is required');
    }
    if (typeof entity.entity_version !== 'string')
      return invalidParameter('served_entities[].entity_version is required');
    if (typeof entity.workload_size !== 'string' || !WORKLOAD_SIZES.has(entity.workload_size)) {
      return invalidParameter('served_entities[].workload_size must be Small, Medium or Large');
    }
    if (entity.workload_type !== undefined && !WORKLOAD_TYPES.has(String(entity.workload_type))) {
      return invalidParameter(`Invalid value for parameter workload_type: ${String(entity.workload_type)}`);
    }
    if (typeof entity.scale_to_zero_enabled !== 'boolean') {
      return invalidParameter('served_entities[].scale_to_zero_enabled is required');
    }
  }
  if (state.endpoints.has(name)) {
    return apiError(400, 'RESOURCE_ALREADY_EXISTS', `Endpoint with name '${name}' already exists.`);
  }
  const endpoint: Endpoint = {
    name,
    id: randomBytes(16).toString('hex'),
    createdAt: state.now(),
    config: config as Json,
  };
  state.endpoints.set(name, endpoint);
  return ok(endpointJson(state, endpoint));
}

/** `GET /api/2.0/serving-endpoints/{name}`. */
export function getEndpoint(state: FakeWorkspaceState, name: string): FakeAnswer {
  const endpoint = state.endpoints.get(name);
  return endpoint
    ? ok(endpointJson(state, endpoint))
    : apiError(404, 'RESOURCE_DOES_NOT_EXIST', `Serving endpoint with name '${name}' does not exist.`);
}

/** `DELETE /api/2.0/serving-endpoints/{name}`. */
export function deleteEndpoint(state: FakeWorkspaceState, name: string): FakeAnswer {
  if (!state.endpoints.delete(name)) {
    return apiError(404, 'RESOURCE_DOES_NOT_EXIST', `Serving endpoint with name '${name}' does not exist.`);
  }
  return ok();
}

function endpointJson(state: FakeWorkspaceState, endpoint: Endpoint): Json {
  const ready = state.now() >= endpoint.createdAt + state.options.endpointReadyMs;
  return {
    name: endpoint.name,
    id: endpoint.id,
    creator: 'neural@example.com',
    creation_timestamp: endpoint.createdAt,
    last_updated_timestamp: endpoint.createdAt,
    state: { ready: ready ? 'READY' : 'NOT_READY', config_update: ready ? 'NOT_UPDATING' : 'IN_PROGRESS' },
    ...(ready ? { config: endpoint.config } : { pending_config: endpoint.config }),
    permission_level: 'CAN_MANAGE',
    route_optimized: false,
  };
}

/**
 * A model as a Model Serving endpoint: the `POST /api/2.0/serving-endpoints` body for a registered model, and the
 * rules on names, checked before anything is sent.
 */
import { InvalidParameterError, ResourceConfig, type ResourceConfigInput } from '@neural/integrations-core';
import { parseCustomParams } from './cluster.js';

/** Serving endpoint names: letters, digits, `-` and `_`, at most 63 characters. */
const ENDPOINT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
/** A registered model (`catalog.schema.model` in Unity Catalog, or a workspace registry name) and its version. */
const MODEL_PATH = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)(?:\/(\d+))?$/;

/** Throws `InvalidParameterError` unless `name` is a valid serving endpoint name. */
export function assertEndpointName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !ENDPOINT_NAME.test(name)) {
    throw InvalidParameterError.forField(
      'endpointName',
      'must be 1-63 letters, digits, "-" or "_", starting with a letter or digit',
    );
  }
}

/**
 * The body that serves `modelPath` (`catalog.schema.model`, optionally `/<version>`, default 1) as
 * `endpointName`: `workload_type` from the GPUs asked for, `workload_size` from `customParams.workloadSize`,
 * `scale_to_zero_enabled` from `autoShutdown`.
 */
export function servingEndpointRequest(
  modelPath: unknown,
  endpointName: unknown,
  resourceConfig: ResourceConfig | ResourceConfigInput | undefined,
): Record<string, unknown> {
  const model = typeof modelPath === 'string' ? MODEL_PATH.exec(modelPath) : null;
  if (!model) {
    throw InvalidParameterError.forField(
      'modelPath',
      'must be a registered model name such as main.default.my_model, optionally with /<version>',
    );
  }
  assertEndpointName(endpointName);
  const resources = ResourceConfig.from(resourceConfig);
  const params = parseCustomParams(resources.customParams);
  // One T4 for one GPU, four A10Gs up to four, an A100 beyond (the workload types Model Serving offers).
  const gpuWorkload =
    resources.gpuCount <= 1 ? 'GPU_SMALL' : resources.gpuCount <= 4 ? 'MULTIGPU_MEDIUM' : 'GPU_LARGE';
  return {
    name: endpointName,
    config: {
      served_entities: [
        {
          entity_name: model[1],
          entity_version: model[2] ?? '1',
          workload_size: params.workloadSize ?? 'Small',
          workload_type: resources.gpuEnabled ? gpuWorkload : 'CPU',
          scale_to_zero_enabled: resources.autoShutdown,
        },
      ],
    },
  };
}

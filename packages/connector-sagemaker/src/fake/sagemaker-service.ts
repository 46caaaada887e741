import { AwsServiceError, validationError } from './aws-error.js';
import { type JsonObject, obj, required, seconds, str } from './json.js';
import { FakeTrainingJobs } from './sagemaker-training-jobs.js';
import { requireName, requireTags } from './sagemaker-validation.js';

export type { FakeTrainingJob } from './sagemaker-training-jobs.js';

/**
 * The fake's SageMaker: its training jobs ({@link FakeTrainingJobs}) and, here, what serves a model: models,
 * endpoint configurations and endpoints (`Creating`, then `InService` after `endpointCreatingMs`).
 */
export class FakeSageMaker extends FakeTrainingJobs {
  readonly models = new Map<string, JsonObject & { CreationTime: number }>();
  readonly endpointConfigs = new Map<string, JsonObject & { CreationTime: number }>();
  readonly endpoints = new Map<string, { name: string; config: string; createdAt: number }>();

  createModel(request: JsonObject): JsonObject {
    const name = requireName(request.ModelName, 'modelName');
    const container = obj(request.PrimaryContainer);
    if (!container && !request.Containers)
      throw validationError('primaryContainer', undefined, 'Member must not be null');
    requireTags(request);
    if (this.models.has(name)) {
      throw validationError(
        'modelName',
        name,
        `Cannot create already existing model "${this.arn('sagemaker', `model/${name.toLowerCase()}`)}"`,
      );
    }
    this.models.set(name, { ...request, CreationTime: this.clock.now() });
    return { ModelArn: this.arn('sagemaker', `model/${name.toLowerCase()}`) };
  }

  deleteModel(request: JsonObject): JsonObject {
    const name = required(str(request.ModelName), 'modelName');
    if (!this.models.delete(name)) {
      throw validationError(
        'modelName',
        name,
        `Could not find model "${this.arn('sagemaker', `model/${name.toLowerCase()}`)}"`,
      );
    }
    return {};
  }

  createEndpointConfig(request: JsonObject): JsonObject {
    const name = required(str(request.EndpointConfigName), 'endpointConfigName');
    const variants = request.ProductionVariants;
    if (!Array.isArray(variants) || variants.length === 0)
      throw validationError(
        'productionVariants',
        variants,
        'Member must have length greater than or equal to 1',
      );
    variants.forEach((variant, index) => {
      required(str(obj(variant)?.VariantName), `productionVariants.${index + 1}.member.variantName`);
    });
    requireTags(request);
    variants.forEach((variant, index) => {
      const model = str(obj(variant)?.ModelName);
      if (!model || !this.models.has(model))
        throw validationError(
          `productionVariants.${index + 1}.member.modelName`,
          model,
          'Could not find model',
        );
    });
    if (this.endpointConfigs.has(name)) {
      throw validationError(
        'endpointConfigName',
        name,
        'Cannot create already existing endpoint configuration',
      );
    }
    this.endpointConfigs.set(name, { ...request, CreationTime: this.clock.now() });
    return { EndpointConfigArn: this.arn('sagemaker', `endpoint-config/${name.toLowerCase()}`) };
  }

  deleteEndpointConfig(request: JsonObject): JsonObject {
    const name = required(str(request.EndpointConfigName), 'endpointConfigName');
    if (!this.endpointConfigs.delete(name))
      throw validationError('endpointConfigName', name, 'Could not find endpoint configuration');
    return {};
  }

  createEndpoint(request: JsonObject): JsonObject {
    const name = requireName(request.EndpointName, 'endpointName');
    const config = required(str(request.EndpointConfigName), 'endpointConfigName');
    requireTags(request);
    if (!this.endpointConfigs.has(config))
      throw validationError('endpointConfigName', config, 'Could not find endpoint configuration');
    // Not `ResourceInUse`: the model lists only `ResourceLimitExceeded` for CreateEndpoint, and SageMaker
    // answers a second endpoint of a name with a ValidationException.
    if (this.endpoints.has(name)) {
      throw new AwsServiceError(
        'ValidationException',
        `Cannot create already existing endpoint "${this.arn('sagemaker', `endpoint/${name.toLowerCase()}`)}".`,
      );
    }
    this.endpoints.set(name, { name, config, createdAt: this.clock.now() });
    return { EndpointArn: this.arn('sagemaker', `endpoint/${name.toLowerCase()}`) };
  }

  describeEndpoint(request: JsonObject): JsonObject {
    const name = required(str(request.EndpointName), 'endpointName');
    const endpoint = this.endpoints.get(name);
    if (!endpoint)
      throw validationError(
        'endpointName',
        name,
        `Could not find endpoint "${this.arn('sagemaker', `endpoint/${name.toLowerCase()}`)}".`,
      );
    const inService = this.clock.now() >= endpoint.createdAt + this.options.endpointCreatingMs;
    return {
      EndpointName: name,
      EndpointArn: this.arn('sagemaker', `endpoint/${name.toLowerCase()}`),
      EndpointConfigName: endpoint.config,
      EndpointStatus: inService ? 'InService' : 'Creating',
      CreationTime: seconds(endpoint.createdAt),
      LastModifiedTime: seconds(endpoint.createdAt),
    };
  }

  deleteEndpoint(request: JsonObject): JsonObject {
    const name = required(str(request.EndpointName), 'endpointName');
    if (!this.endpoints.delete(name))
      throw validationError(
        'endpointName',
        name,
        `Could not find endpoint "${this.arn('sagemaker', `endpoint/${name.toLowerCase()}`)}".`,
      );
    return {};
  }
}

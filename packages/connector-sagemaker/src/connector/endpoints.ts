/** Serving models: an endpoint with its configuration and model, all named after it; its status; deleting it. */
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  type ProductionVariantInstanceType,
} from '@aws-sdk/client-sagemaker';
import { type DeployModelOptions, ResourceConfig, type ResourceConfigInput } from '@neural/integrations-core';
import { pytorchImage } from '../options.js';
import { callAws, createOnce, deleteIfExists } from './aws-calls.js';
import { regionOf, type SageMakerContext } from './context.js';
import { s3LocationOf } from './files.js';
import { assertEndpointName } from './names.js';

/**
 * Serves a model on a SageMaker endpoint: `CreateModel` (the inference image with the model's S3 URI),
 * `CreateEndpointConfig` (one variant, `AllTraffic`) and `CreateEndpoint`, all named `endpointName`; returns
 * the invocation URL. The endpoint is `Creating` for some minutes, and bills from then until deleted.
 */
export async function createEndpoint(
  context: SageMakerContext,
  modelPath: string,
  endpointName: string,
  options: DeployModelOptions,
): Promise<string> {
  assertEndpointName('deployModel', endpointName);
  const { bucket, key } = s3LocationOf(context, modelPath, 'modelPath');
  const config = ResourceConfig.from(options.resourceConfig as ResourceConfigInput | undefined);
  const named = (config.customParams.instanceType as string | undefined) ?? config.instanceType;
  const instanceType =
    named && /^ml\./.test(named)
      ? named
      : config.gpuEnabled
        ? (context.instanceTypes.gpu[1] ?? 'ml.g5.xlarge')
        : (context.options.endpointInstanceType ?? 'ml.m5.large');
  const region = await regionOf(context);
  const image = context.options.inferenceImage ?? pytorchImage(region, 'inference', false);
  const { signal } = options;
  await createOnce(context, 'deployModel', 'sagemaker:CreateModel', signal, (s) =>
    context.sagemaker.send(
      new CreateModelCommand({
        ModelName: endpointName,
        ExecutionRoleArn: context.options.roleArn,
        PrimaryContainer: { Image: image, ModelDataUrl: `s3://${bucket}/${key}` },
      }),
      { abortSignal: s },
    ),
  );
  await createOnce(context, 'deployModel', 'sagemaker:CreateEndpointConfig', signal, (s) =>
    context.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: endpointName,
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: endpointName,
            InitialInstanceCount: 1,
            InstanceType: instanceType as ProductionVariantInstanceType,
          },
        ],
      }),
      { abortSignal: s },
    ),
  );
  await createOnce(context, 'deployModel', 'sagemaker:CreateEndpoint', signal, (s) =>
    context.sagemaker.send(
      new CreateEndpointCommand({ EndpointName: endpointName, EndpointConfigName: endpointName }),
      {
        abortSignal: s,
      },
    ),
  );
  context.logger.info('created SageMaker endpoint', { endpointName, instanceType });
  return `https://runtime.sagemaker.${region}.amazonaws.com/endpoints/${endpointName}/invocations`;
}

/**
 * Deletes an endpoint with its configuration and model (named as {@link createEndpoint} names them): `true`
 * when the endpoint existed, `false` when it did not (its configuration and model are removed if left).
 */
export async function deleteEndpoint(
  context: SageMakerContext,
  endpointName: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  assertEndpointName('deleteEndpoint', endpointName);
  const existed = await deleteIfExists(context, 'deleteEndpoint', 'sagemaker:DeleteEndpoint', signal, (s) =>
    context.sagemaker.send(new DeleteEndpointCommand({ EndpointName: endpointName }), { abortSignal: s }),
  );
  await deleteIfExists(context, 'deleteEndpoint', 'sagemaker:DeleteEndpointConfig', signal, (s) =>
    context.sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: endpointName }), {
      abortSignal: s,
    }),
  );
  await deleteIfExists(context, 'deleteEndpoint', 'sagemaker:DeleteModel', signal, (s) =>
    context.sagemaker.send(new DeleteModelCommand({ ModelName: endpointName }), { abortSignal: s }),
  );
  return existed;
}

/** Whether an endpoint is `InService` yet (`Creating`, `Updating`, `Failed`, … otherwise), by `DescribeEndpoint`. */
export async function endpointStatus(
  context: SageMakerContext,
  endpointName: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const endpoint = await callAws(context, 'endpointStatus', 'sagemaker:DescribeEndpoint', signal, (s) =>
    context.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpointName }), { abortSignal: s }),
  );
  return endpoint.EndpointStatus ?? 'Unknown';
}

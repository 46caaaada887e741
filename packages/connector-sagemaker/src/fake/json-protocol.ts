import { randomUUID } from 'node:crypto';
import { HttpResponse } from 'msw';
import type { FakeAwsAccount as Account } from './account.js';
import { AwsServiceError } from './aws-error.js';
import type { FakeAwsContext } from './fake-context.js';
import type { Json } from './json.js';
import type { AwsFaultKind } from './options.js';
import { faultError, refusedCredentials } from './protocol-gate.js';
import { refuseBrokenConstraints } from './request-constraints.js';

/** The services the fake answers, as the `X-Amz-Target` prefix names them (S3 has none: it is REST). */
export const AWS_TARGET_PREFIXES = {
  'SageMaker.': 'sagemaker',
  'Logs_20140328.': 'logs',
  'ServiceQuotasV20190624.': 'servicequotas',
} as const;

type Operation = (account: Account, input: { [key: string]: Json }) => { [key: string]: Json };

const JSON_OPERATIONS: Record<string, Record<string, Operation>> = {
  sagemaker: {
    CreateTrainingJob: (a, i) => a.createTrainingJob(i),
    DescribeTrainingJob: (a, i) => a.describeTrainingJob(i),
    StopTrainingJob: (a, i) => a.stopTrainingJob(i),
    ListTrainingJobs: (a, i) => a.listTrainingJobs(i),
    CreateModel: (a, i) => a.createModel(i),
    DeleteModel: (a, i) => a.deleteModel(i),
    CreateEndpointConfig: (a, i) => a.createEndpointConfig(i),
    DeleteEndpointConfig: (a, i) => a.deleteEndpointConfig(i),
    CreateEndpoint: (a, i) => a.createEndpoint(i),
    DescribeEndpoint: (a, i) => a.describeEndpoint(i),
    DeleteEndpoint: (a, i) => a.deleteEndpoint(i),
  },
  logs: {
    DescribeLogStreams: (a, i) => a.describeLogStreams(i),
    GetLogEvents: (a, i) => a.getLogEvents(i),
  },
  servicequotas: {
    ListServiceQuotas: (a, i) => a.listServiceQuotas(i),
  },
};

const JSON_TYPE = 'application/x-amz-json-1.1';

function jsonError(error: AwsServiceError): Response {
  return new HttpResponse(JSON.stringify({ __type: error.code, [error.messageMember]: error.message }), {
    status: error.status,
    headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': error.code },
  });
}

/**
 * Answers one request of the AWS JSON 1.1 protocol (`POST /`, `X-Amz-Target: <prefix>.<Operation>`): the
 * operation, content type, credentials and body are checked in the order AWS's front ends check them, then a
 * fault may be injected, then the models' constraints are checked and the account's operation answers.
 */
export async function answerJsonProtocol(
  context: FakeAwsContext,
  request: Request,
  target: string,
): Promise<Response> {
  const prefix = Object.keys(AWS_TARGET_PREFIXES).find((p) => target.startsWith(p)) as
    | keyof typeof AWS_TARGET_PREFIXES
    | undefined;
  const service = prefix ? AWS_TARGET_PREFIXES[prefix] : 'sagemaker';
  const operationName = prefix ? target.slice(prefix.length) : target;
  let input: { [key: string]: Json } | undefined;
  const record = (status: number, fault: AwsFaultKind | undefined, output: Json | undefined) =>
    context.record({ service, operation: operationName, fault, status, input, output });
  const fail = (error: AwsServiceError, fault?: AwsFaultKind) => {
    record(error.status, fault, { __type: error.code });
    return jsonError(error);
  };
  const operation = prefix ? JSON_OPERATIONS[service]?.[operationName] : undefined;
  if (!operation)
    return fail(new AwsServiceError('UnknownOperationException', `The fake does not implement ${target}`));
  if (!(request.headers.get('content-type') ?? '').startsWith(JSON_TYPE)) {
    return fail(new AwsServiceError('SerializationException', `Content-Type must be ${JSON_TYPE}`));
  }
  const refused = refusedCredentials(request, context.options.accessKeys, 'json');
  if (refused) return fail(refused);
  try {
    const parsed: unknown = JSON.parse((await request.text()) || '{}');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    input = parsed as { [key: string]: Json };
  } catch {
    return fail(new AwsServiceError('SerializationException', 'The request body is not a JSON object'));
  }
  const fault = context.pickFault();
  const injected = fault && faultError(fault, 'json');
  if (injected) return fail(injected, fault);
  if (fault === 'drop-before') {
    record(0, fault, undefined);
    return Response.error();
  }
  try {
    refuseBrokenConstraints(service, operationName, input);
    const output = operation(context.account, input);
    record(fault === 'drop-after' ? 0 : 200, fault, output);
    if (fault === 'drop-after') return Response.error();
    return new HttpResponse(JSON.stringify(output), {
      status: 200,
      headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': randomUUID() },
    });
  } catch (error) {
    if (!(error instanceof AwsServiceError)) throw error;
    // The service answered, with an error; the answer is lost all the same.
    if (fault === 'drop-after') {
      record(0, fault, { __type: error.code });
      return Response.error();
    }
    return fail(error, fault);
  }
}

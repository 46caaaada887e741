/**
 * An AWS JSON protocol exchange against the models: `POST /` with `X-Amz-Target: <targetPrefix>.<Operation>`
 * and `application/x-amz-json-<jsonVersion>`, the request body against the operation's input shape, a 200
 * answer's body against its output shape, an error's body as `{ "__type": … }` naming an error the model
 * lists for the operation (its body and status then those of the error shape) or one common to all services.
 */
import { AWS_MODELS, type Operation, type ServiceModel, shapeOf } from './aws-models.js';
import { COMMON_JSON_ERRORS } from './common-errors.js';
import { jsonIssues } from './json-shapes.js';
import type { WireExchange } from './wire-recorder.js';

/** The service and operation an `X-Amz-Target` names, among the modelled JSON services. */
export function jsonOperationOf(
  target: string,
): { service: string; model: ServiceModel; operation: string } | undefined {
  for (const [service, model] of Object.entries(AWS_MODELS)) {
    const prefix = `${model.metadata.targetPrefix}.`;
    if (model.metadata.protocol === 'json' && target.startsWith(prefix))
      return { service, model, operation: target.slice(prefix.length) };
  }
  return undefined;
}

function parseJson(body: Buffer, where: string): { value?: unknown; issue?: string } {
  try {
    return { value: JSON.parse(body.toString('utf8') || '{}') };
  } catch (error) {
    return { issue: `${where}: is not JSON (${(error as Error).message})` };
  }
}

/** Every way `exchange` breaks the JSON protocol or the models, each line naming the operation and side. */
export function jsonExchangeIssues(exchange: WireExchange): { operation: string; issues: string[] } {
  const target = exchange.requestHeaders.get('x-amz-target') ?? '';
  const found = jsonOperationOf(target);
  if (!found) return { operation: target, issues: [`${target}: no modelled JSON service has this target`] };
  const { model, operation: name } = found;
  const operation = model.operations[name];
  if (!operation) return { operation: name, issues: [`${name}: the model fixture has no such operation`] };
  const issues: string[] = [];
  const contentType = `application/x-amz-json-${model.metadata.jsonVersion}`;
  if (exchange.method !== 'POST' || exchange.url.pathname !== '/')
    issues.push(`${name} request: must be POST / (${exchange.method} ${exchange.url.pathname})`);
  if (!(exchange.requestHeaders.get('content-type') ?? '').startsWith(contentType))
    issues.push(`${name} request: Content-Type must be ${contentType}`);
  const request = parseJson(exchange.requestBody, `${name} request`);
  if (request.issue) issues.push(request.issue);
  else if (operation.input)
    issues.push(
      ...jsonIssues(model, operation.input.shape, request.value).map((i) => `${name} request: ${i}`),
    );

  const answer = parseJson(exchange.responseBody, `${name} answer`);
  if (!(exchange.responseHeaders.get('content-type') ?? '').startsWith(contentType))
    issues.push(`${name} answer: Content-Type must be ${contentType}`);
  if (answer.issue) issues.push(answer.issue);
  else if (exchange.status !== 200) {
    issues.push(
      ...errorIssues(model, operation, exchange.status, answer.value).map((i) => `${name} answer: ${i}`),
    );
  } else if (operation.output) {
    issues.push(
      ...jsonIssues(model, operation.output.shape, answer.value).map((i) => `${name} answer: ${i}`),
    );
  } else if (JSON.stringify(answer.value) !== '{}') {
    issues.push(`${name} answer: the operation has no output, so the body must be {}`);
  }
  return { operation: name, issues };
}

/** An error answer: a code the operation's model lists (then of its shape and status) or a common one. */
function errorIssues(model: ServiceModel, operation: Operation, status: number, answer: unknown): string[] {
  const { __type: type, ...members } = (answer ?? {}) as { __type?: unknown };
  if (typeof type !== 'string') return [`an error (${status}) must carry its code in "__type"`];
  // AWS may send the code qualified by its namespace (`com.amazonaws.sagemaker#ResourceInUse`).
  const code = type.slice(type.lastIndexOf('#') + 1);
  const modelled = operation.errors.find(
    (name) => name === code || shapeOf(model, name).error?.code === code,
  );
  if (!modelled)
    return COMMON_JSON_ERRORS.has(code)
      ? []
      : [
          `the error ${code} is neither one the model lists for ${operation.name} (${operation.errors.join(', ') || 'none'}) nor one common to AWS's JSON services`,
        ];
  // The protocol carries an error's text as `message` or `Message` whatever the shape models (clients read
  // either); every other member must be the shape's.
  const shape = shapeOf(model, modelled);
  const body = Object.fromEntries(
    Object.entries(members).filter(([key]) => !(key.toLowerCase() === 'message' && !shape.members?.[key])),
  );
  const issues = jsonIssues(model, modelled, body);
  const expected = shape.error?.httpStatusCode;
  if (expected !== undefined && status !== expected)
    issues.push(`${modelled}: the status must be ${expected} (error.httpStatusCode), not ${status}`);
  return issues;
}

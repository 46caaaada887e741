/**
 * An AWS JSON protocol exchange against the models: `POST /` with `X-Amz-Target: <targetPrefix>.<Operation>`
 * and `application/x-amz-json-<jsonVersion>`, the request body against the operation's input shape, a 200
 * answer's body against its output shape, an error's body as `{ "__type": … }`.
 */
import { AWS_MODELS, type ServiceModel } from './aws-models.js';
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
    const error = answer.value as { __type?: unknown };
    if (typeof error?.__type !== 'string')
      issues.push(`${name} answer: an error (${exchange.status}) must carry its code in "__type"`);
  } else if (operation.output) {
    issues.push(
      ...jsonIssues(model, operation.output.shape, answer.value).map((i) => `${name} answer: ${i}`),
    );
  } else if (JSON.stringify(answer.value) !== '{}') {
    issues.push(`${name} answer: the operation has no output, so the body must be {}`);
  }
  return { operation: name, issues };
}

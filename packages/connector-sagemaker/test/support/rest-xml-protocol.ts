/**
 * A REST-XML (S3) exchange against the model. The operation is the one whose `http.method` and
 * `http.requestUri` the request matches (path labels, literal query keys, required query members; the most
 * specific wins). Its members are then looked for where their `location` says (URI labels, query string,
 * headers) under their `locationName`, the required ones must be there, and each value is of its type; the
 * payload or body members travel as XML checked element by element, the answer's status is the modelled one,
 * and an error's `<Code>` is one the model lists for the operation or one of S3's documented error codes.
 */
import { type Operation, type ServiceModel, type ShapeRef, shapeOf } from './aws-models.js';
import { COMMON_S3_ERRORS } from './common-errors.js';
import { type Encoding, scalarRule } from './scalar-rules.js';
import type { WireExchange } from './wire-recorder.js';
import { xmlIssues } from './xml-shapes.js';
import { parseXmlDocument } from './xml-tree.js';

interface Match {
  readonly operation: Operation;
  readonly labels: Record<string, string>;
  readonly specificity: number;
}

/** The labels of `pathname` for a `requestUri` path (`/{Bucket}/{Key+}`), or undefined when it does not fit. */
function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)(\+?)\}|[^{]+/g, (part, name: string, greedy: string) => {
    if (!name) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    names.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  const match = new RegExp(`^${source}$`).exec(pathname);
  if (!match) return undefined;
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
}

function requiredQuery(model: ServiceModel, operation: Operation): string[] {
  const input = operation.input ? shapeOf(model, operation.input.shape) : undefined;
  return (input?.required ?? [])
    .map((member) => input?.members?.[member])
    .filter((ref): ref is ShapeRef => ref?.location === 'querystring')
    .map((ref) => ref.locationName ?? '');
}

/** The modelled operation `method` and `url` address, or why there is not exactly one. */
export function restOperationOf(model: ServiceModel, method: string, url: URL): Match | string {
  const matches: Match[] = [];
  for (const operation of Object.values(model.operations)) {
    if (operation.http.method !== method) continue;
    const [path = '/', literal = ''] = operation.http.requestUri.split('?');
    // Path-style clients address a bucket as `/bucket/`: S3 routes it as `/bucket`.
    const labels =
      matchPath(path, url.pathname) ??
      (url.pathname.endsWith('/') ? matchPath(path, url.pathname.slice(0, -1)) : undefined);
    if (!labels) continue;
    const literals = literal ? literal.split('&').map((pair) => pair.split('=') as [string, string?]) : [];
    if (
      !literals.every(
        ([key, value]) =>
          url.searchParams.has(key) && (value === undefined || url.searchParams.get(key) === value),
      )
    )
      continue;
    const query = requiredQuery(model, operation);
    if (!query.every((key) => url.searchParams.has(key))) continue;
    matches.push({ operation, labels, specificity: literals.length + query.length });
  }
  matches.sort((a, b) => b.specificity - a.specificity);
  const [best, next] = matches;
  if (!best)
    return `${method} ${url.pathname}${url.search}: no operation of the model has this method and URI`;
  if (next && next.specificity === best.specificity)
    return `${method} ${url.pathname}${url.search}: both ${best.operation.name} and ${next.operation.name} match`;
  return best;
}

/** The members of `shapeName` that travel outside the body, checked where they travel. */
function locatedIssues(
  model: ServiceModel,
  shapeName: string,
  lookup: (location: Encoding, name: string) => string | undefined,
  path: string,
): string[] {
  const shape = shapeOf(model, shapeName);
  const issues: string[] = [];
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    if (ref.location !== 'uri' && ref.location !== 'querystring' && ref.location !== 'header') continue;
    const where = `${ref.location} ${ref.locationName ?? member}`;
    const value = lookup(ref.location, ref.locationName ?? member);
    if (value === undefined || (ref.location === 'uri' && value === '')) {
      if (shape.required?.includes(member))
        issues.push(`${path}.${member}: is required by ${shapeName} (${where})`);
      continue;
    }
    const rule = scalarRule(ref.shape, shapeOf(model, ref.shape), value, ref.location, ref.timestampFormat);
    if (rule) issues.push(`${path}.${member}: ${rule} (${where})`);
  }
  return issues;
}

/** The XML body of a request or an answer: the payload member, or the shape's body members. */
function bodyIssues(model: ServiceModel, shapeName: string, body: Buffer, path: string): string[] {
  const shape = shapeOf(model, shapeName);
  const payloadRef = shape.payload ? shape.members?.[shape.payload] : undefined;
  if (payloadRef && shapeOf(model, payloadRef.shape).type !== 'structure') return [];
  const bodyMembers = Object.entries(shape.members ?? {}).filter(([, ref]) => ref.location === undefined);
  if (body.length === 0) {
    const required = payloadRef
      ? shape.required?.includes(shape.payload ?? '')
      : bodyMembers.some(([member]) => shape.required?.includes(member));
    return required ? [`${path}: the XML body is required by ${shapeName}`] : [];
  }
  if (bodyMembers.length === 0)
    return [`${path}: ${shapeName} has no body members, so there must be no body`];
  let root: ReturnType<typeof parseXmlDocument>;
  try {
    root = parseXmlDocument(body.toString('utf8'));
  } catch (error) {
    return [`${path}: ${(error as Error).message}`];
  }
  if (!payloadRef) return xmlIssues(model, { shape: shapeName }, root, path);
  const rootName = payloadRef.locationName ?? shape.payload;
  const issues: string[] = [];
  if (root.name !== rootName)
    issues.push(`${path}.${shape.payload}: the root element must be <${rootName}>, not <${root.name}>`);
  if (payloadRef.xmlNamespace && root.attributes.xmlns !== payloadRef.xmlNamespace.uri)
    issues.push(
      `${path}.${shape.payload}: <${root.name}> must be in namespace ${payloadRef.xmlNamespace.uri}`,
    );
  return [...issues, ...xmlIssues(model, payloadRef, root, `${path}.${shape.payload}`)];
}

/** Every way `exchange` breaks the REST-XML binding of `model`, each line naming the operation and side. */
export function restXmlExchangeIssues(
  model: ServiceModel,
  exchange: WireExchange,
): { operation: string; issues: string[] } {
  const match = restOperationOf(model, exchange.method, exchange.url);
  if (typeof match === 'string') return { operation: 'unknown', issues: [match] };
  const { operation, labels } = match;
  const name = operation.name;
  const issues: string[] = [];
  if (operation.input) {
    const shape = operation.input.shape;
    const lookup = (location: Encoding, key: string) =>
      location === 'uri'
        ? labels[key]
        : location === 'querystring'
          ? (exchange.url.searchParams.get(key) ?? undefined)
          : (exchange.requestHeaders.get(key) ?? undefined);
    issues.push(...locatedIssues(model, shape, lookup, shape).map((i) => `${name} request: ${i}`));
    issues.push(...bodyIssues(model, shape, exchange.requestBody, shape).map((i) => `${name} request: ${i}`));
  }
  const expected = operation.http.responseCode ?? 200;
  if (exchange.status >= 400) {
    if (exchange.method !== 'HEAD') {
      try {
        const error = parseXmlDocument(exchange.responseBody.toString('utf8'));
        const code = error.children.find((child) => child.name === 'Code')?.text;
        if (error.name !== 'Error' || code === undefined)
          issues.push(`${name} answer: an error must be <Error><Code>…</Code>…</Error>`);
        else if (!operation.errors.includes(code) && !COMMON_S3_ERRORS.has(code))
          issues.push(
            `${name} answer: the error ${code} is neither one the model lists for ${name} (${operation.errors.join(', ') || 'none'}) nor one of S3's error codes`,
          );
      } catch (error) {
        issues.push(`${name} answer: ${(error as Error).message}`);
      }
    }
  } else if (exchange.status !== expected) {
    issues.push(`${name} answer: the status must be ${expected} (http.responseCode), not ${exchange.status}`);
  } else if (operation.output) {
    const shape = operation.output.shape;
    const lookup = (_: Encoding, key: string) => exchange.responseHeaders.get(key) ?? undefined;
    issues.push(...locatedIssues(model, shape, lookup, shape).map((i) => `${name} answer: ${i}`));
    const body = exchange.method === 'HEAD' ? Buffer.alloc(0) : exchange.responseBody;
    issues.push(...bodyIssues(model, shape, body, shape).map((i) => `${name} answer: ${i}`));
  }
  return { operation: name, issues };
}

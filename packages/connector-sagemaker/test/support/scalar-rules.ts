/**
 * What a simple shape's value must look like where it travels: a JSON value in a JSON protocol body, or text
 * in an XML element, a header, a query parameter or a URI label. Timestamps follow the protocols' defaults
 * (epoch seconds in JSON, ISO 8601 in XML and query strings, RFC 822 dates in headers) unless the member
 * names a `timestampFormat`.
 */
import type { Shape } from './aws-models.js';
import { constraintRule } from './constraint-rules.js';

/** Where a value travels. */
export type Encoding = 'json' | 'xml' | 'header' | 'querystring' | 'uri';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';
const DEFAULT_TIMESTAMP: Record<Encoding, TimestampFormat> = {
  json: 'unixTimestamp',
  xml: 'iso8601',
  header: 'rfc822',
  querystring: 'iso8601',
  uri: 'iso8601',
};

function timestampRule(value: unknown, format: TimestampFormat): string | undefined {
  if (format === 'unixTimestamp') {
    const seconds = typeof value === 'string' ? Number(value) : value;
    // Past 1e10 seconds (the year 2286) it is milliseconds sent as seconds.
    return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 && seconds < 1e10
      ? undefined
      : 'must be a timestamp in epoch seconds';
  }
  if (typeof value !== 'string') return `must be a timestamp as ${format} text`;
  const pattern = format === 'iso8601' ? ISO_8601 : RFC_822;
  return pattern.test(value) && !Number.isNaN(Date.parse(value))
    ? undefined
    : `must be a timestamp as ${format} (${pattern.source})`;
}

/**
 * Why `value` is not a valid `shape` (named `name`) as `encoding` carries it, or `undefined` when it is.
 * Only for the simple types: structures, lists and maps are walked by the protocol checkers.
 */
export function scalarRule(
  name: string,
  shape: Shape,
  value: unknown,
  encoding: Encoding,
  timestampFormat?: TimestampFormat,
): string | undefined {
  const json = encoding === 'json';
  const text = typeof value === 'string' ? value : undefined;
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') return `must be a string (${name})`;
      if (shape.enum && !shape.enum.includes(value))
        return `must be one of ${shape.enum.join(', ')} (enum ${name}), not ${JSON.stringify(value)}`;
      return constraintRule(name, shape, value);
    }
    case 'integer':
    case 'long':
      return (json ? Number.isInteger(value) : text !== undefined && /^-?\d+$/.test(text))
        ? constraintRule(name, shape, Number(value))
        : `must be a whole number (${shape.type} ${name}), not ${JSON.stringify(value)}`;
    case 'float':
    case 'double': {
      const number = json ? value : text === undefined || text.trim() === '' ? Number.NaN : Number(text);
      return typeof number === 'number' && Number.isFinite(number)
        ? constraintRule(name, shape, number)
        : `must be a number (${shape.type} ${name}), not ${JSON.stringify(value)}`;
    }
    case 'boolean':
      return (json ? typeof value === 'boolean' : text === 'true' || text === 'false')
        ? undefined
        : `must be a boolean (${name}), not ${JSON.stringify(value)}`;
    case 'timestamp': {
      const rule = timestampRule(value, timestampFormat ?? DEFAULT_TIMESTAMP[encoding]);
      return rule && `${rule} (${name}), not ${JSON.stringify(value)}`;
    }
    case 'blob':
      if (typeof value !== 'string' || (encoding !== 'header' && !BASE64.test(value)))
        return `must be base64 text (blob ${name})`;
      return encoding === 'header' ? undefined : constraintRule(name, shape, value);
    default:
      return `is a ${shape.type} (${name}), not a simple value`;
  }
}

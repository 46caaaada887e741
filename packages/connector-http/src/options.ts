/**
 * `HttpConnector`'s options: what each means, how they are checked (strictly: an unknown option is refused,
 * naming it), and the endpoint rule (https only, except to a loopback host).
 */
import {
  type CommonConnectorOptions,
  connectorOptionFields,
  InvalidParameterError,
  parseOrThrow,
  strictOptions,
  type TokenClientOptions,
  tokenClientOptionFields,
} from '@neural/integrations-core';
import { z } from 'zod';

/** How an {@link HttpConnector} behaves. Every field has a default. */
export interface HttpConnectorOptions extends CommonConnectorOptions, TokenClientOptions {
  /** Allow plain `http://` to a host that is not loopback. Default `false`: the key would travel in clear. */
  allowInsecureHttp?: boolean | undefined;
}

const OptionsSchema = strictOptions({
  ...connectorOptionFields,
  ...tokenClientOptionFields,
  allowInsecureHttp: z.boolean('must be true or false').optional(),
});

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** Checks `options`, throwing `InvalidParameterError` naming every bad or unknown one. */
export function parseHttpConnectorOptions(options: HttpConnectorOptions): void {
  parseOrThrow(OptionsSchema, options, 'HttpConnector options');
}

/**
 * The endpoint as a URL, refused unless it is https:// (plain http:// is allowed to a loopback host, or with
 * `allowInsecureHttp`: the key would otherwise travel in clear).
 */
export function checkEndpoint(endpoint: string, allowInsecureHttp: boolean | undefined): URL {
  const url = new URL(endpoint);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw InvalidParameterError.fromIssues('endpoint', [
      {
        field: 'endpoint',
        rule: 'must use https:// (plain http:// is only allowed for loopback hosts, or with allowInsecureHttp: true)',
      },
    ]);
  }
  return url;
}

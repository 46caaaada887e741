/**
 * What a workspace is reached with: its `endpoint` (the workspace URL, the name every connector gives "where
 * the platform's API is") and either a personal access token or an OAuth service principal
 * (machine-to-machine, client credentials). Validated before anything is sent; the secrets are registered with
 * the connector's redactor by `BaseConnector` (the field names `token` and `clientSecret` say they are secret).
 */
import { strictOptions } from '@neural/integrations-core';
import { z } from 'zod';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `hostname` is this machine (where plain `http://` is allowed: a fake workspace, a tunnel). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost');
}

const EndpointSchema = z.string({ error: 'must be a string' }).superRefine((value, ctx) => {
  if (!URL.canParse(value)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be the workspace URL, such as https://adb-1234567890123456.7.azuredatabricks.net',
    });
    return;
  }
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    ctx.addIssue({ code: 'custom', message: 'must use https:// (plain http:// only for a loopback host)' });
  }
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search !== '' || url.hash !== '') {
    ctx.addIssue({ code: 'custom', message: 'must be the bare workspace URL, without a path or query' });
  }
  if (url.username !== '' || url.password !== '') {
    ctx.addIssue({ code: 'custom', message: 'must not hold a user name or password' });
  }
});

const secret = (what: string) =>
  z.string({ error: 'must be a string' }).trim().min(1, `must be a non-empty ${what}`);

/**
 * The zod schema of {@link DatabricksCredentials}: `endpoint` and exactly one way to sign in, a `token` or a
 * `clientId` with its `clientSecret`.
 */
export const DatabricksCredentialsSchema = strictOptions(
  {
    endpoint: EndpointSchema,
    token: secret('personal access token').optional(),
    clientId: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').optional(),
    clientSecret: secret('OAuth secret').optional(),
  },
  // The workspace URL was `host` (the Databricks SDKs' name) before every connector called it `endpoint`.
  { renamed: { host: 'endpoint' } },
).superRefine((value, ctx) => {
  const oauth = value.clientId !== undefined || value.clientSecret !== undefined;
  if (value.token !== undefined && oauth) {
    ctx.addIssue({
      code: 'custom',
      path: ['token'],
      message: 'give either token or clientId and clientSecret, not both',
    });
  } else if (value.token === undefined && !oauth) {
    ctx.addIssue({
      code: 'custom',
      path: ['token'],
      message: 'is required unless clientId and clientSecret (an OAuth service principal) are given',
    });
  } else if (oauth && value.clientId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'is required with clientSecret' });
  } else if (oauth && value.clientSecret === undefined) {
    ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'is required with clientId' });
  }
});

/**
 * How a {@link DatabricksConnector} signs in to a workspace.
 *
 * - `{ endpoint, token }`: a personal access token (`dapi…`), sent as a bearer token.
 * - `{ endpoint, clientId, clientSecret }`: an OAuth service principal; its secret is exchanged at
 *   `<endpoint>/oidc/v1/token` for short-lived tokens, refreshed before they expire.
 */
export type DatabricksCredentials = z.infer<typeof DatabricksCredentialsSchema>;

/** The cloud a workspace runs on, read from its host name (it decides the default node types). */
export type DatabricksCloud = 'aws' | 'azure' | 'gcp';

/** The cloud of a workspace URL: `azure` for `*.azuredatabricks.net`, `gcp` for `*.gcp.databricks.com`, else `aws`. */
export function cloudOfHost(endpoint: string): DatabricksCloud {
  const hostname = new URL(endpoint).hostname;
  if (hostname.endsWith('.azuredatabricks.net')) return 'azure';
  if (hostname.endsWith('.gcp.databricks.com')) return 'gcp';
  return 'aws';
}

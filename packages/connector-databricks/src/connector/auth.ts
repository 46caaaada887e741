/** How the connector proves who it is: the credentials check and the OAuth client-credentials token exchange. */
import { AuthenticationError, type Clock, type Redactor } from '@neural/integrations-core';
import { type AccessToken, type HttpTransport, readJson } from '@neural/integrations-core/http';
import { type DatabricksError, OidcTokenSchema, RunsListSchema } from '../api.js';
import type { DatabricksCredentials } from '../credentials.js';

/**
 * Checks the credentials with one `runs/list` call: `true` when accepted, `false` when refused (401/403).
 * Any other failure is thrown.
 */
export async function checkCredentials(
  http: HttpTransport<DatabricksError>,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  try {
    await http.json(RunsListSchema, {
      method: 'GET',
      path: '/api/2.1/jobs/runs/list',
      query: { limit: 1, run_type: 'SUBMIT_RUN' },
      operation: 'authenticate',
      signal,
    });
    return true;
  } catch (error) {
    if (!AuthenticationError.isInstance(error)) throw error;
    return false;
  }
}

/**
 * Exchanges the service principal's secret for a token (`POST /oidc/v1/token`, client credentials). Not
 * given a caller's signal: the request is shared by concurrent callers.
 */
export async function exchangeClientSecret(
  http: HttpTransport<DatabricksError>,
  credentials: DatabricksCredentials,
  redactor: Redactor,
  clock: Clock,
): Promise<AccessToken> {
  const { clientId, clientSecret } = credentials;
  const basic = Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
  redactor.add(basic);
  const context = http.context({ operation: 'authenticate' });
  const token = await http.send(
    {
      method: 'POST',
      path: '/oidc/v1/token',
      body: () => new URLSearchParams({ grant_type: 'client_credentials', scope: 'all-apis' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      auth: false,
      // A second token request only mints a second token.
      idempotent: true,
      operation: 'authenticate',
    },
    // A malformed token answer is reported without quoting it: it may hold most of a token.
    (response) => readJson(response, OidcTokenSchema, context, { quote: false }),
  );
  redactor.add(token.access_token);
  return { value: token.access_token, expiresAtMs: clock.now() + token.expires_in * 1000 };
}

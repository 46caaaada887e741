/** OAuth in the fake workspace: the client-credentials token exchange and checking a request's bearer token. */
import { randomBytes } from 'node:crypto';
import { type FakeAnswer, type FakeRequest, ok } from './answers.js';
import type { FakeWorkspaceState } from './state.js';

/** Whether `authorization` carries the personal access token or a live OAuth token; the OAuth token, if so. */
export function authorize(
  state: FakeWorkspaceState,
  authorization: string | null,
): {
  ok: boolean;
  expired?: boolean;
  oauthToken?: string | undefined;
} {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (token === undefined) return { ok: false };
  if (token === state.options.token) return { ok: true };
  const expiresAt = state.oauthTokens.get(token);
  if (expiresAt === undefined) return { ok: false };
  return state.now() < expiresAt ? { ok: true, oauthToken: token } : { ok: false, expired: true };
}

/** Expires an OAuth token now (the `token-expired` fault). */
export function expireToken(state: FakeWorkspaceState, token: string): void {
  state.oauthTokens.set(token, state.now());
}

/** `POST /oidc/v1/token`: client credentials in a Basic header (or the form), form-encoded grant. */
export function oidcToken(state: FakeWorkspaceState, request: FakeRequest): FakeAnswer {
  const form = new URLSearchParams(new TextDecoder().decode(request.body));
  const basic = /^Basic (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  const [id, secret] = basic
    ? Buffer.from(basic, 'base64').toString('utf8').split(/:(.*)/s)
    : [form.get('client_id'), form.get('client_secret')];
  if (form.get('grant_type') !== 'client_credentials') {
    return {
      status: 400,
      json: { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' },
    };
  }
  if (id !== state.options.clientId || secret !== state.options.clientSecret) {
    return {
      status: 401,
      json: { error: 'invalid_client', error_description: 'Client authentication failed' },
    };
  }
  const accessToken = `eyJfake.${randomBytes(24).toString('base64url')}`;
  state.oauthTokens.set(accessToken, state.now() + state.options.tokenLifetimeSeconds * 1000);
  return ok({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: state.options.tokenLifetimeSeconds,
    scope: form.get('scope') ?? 'all-apis',
  });
}

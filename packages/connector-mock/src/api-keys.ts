// Which API keys the mock platform accepts: `authenticate()` answers with it, and every other call is refused
// with AuthenticationError when it says no.

/** The credentials a {@link MockConnector} takes: an API key, optional. */
export interface MockCredentials {
  /** The key `authenticate()` checks against `acceptApiKey` / `invalidApiKey`. */
  apiKey?: string | undefined;
}

/** The two options that decide which keys are accepted. */
export interface ApiKeyRules {
  /** When set, only this key is accepted. */
  readonly acceptApiKey: string | undefined;
  /** When set, this key is refused (and every other accepted). */
  readonly invalidApiKey: string | undefined;
}

/** Whether the mock platform accepts `key` under `rules`: any key when neither rule is set. */
export function apiKeyAccepted(key: string | undefined, rules: ApiKeyRules): boolean {
  if (rules.acceptApiKey !== undefined) return key === rules.acceptApiKey;
  return rules.invalidApiKey === undefined || key !== rules.invalidApiKey;
}

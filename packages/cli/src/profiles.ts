import { existsSync } from 'node:fs';
import {
  CloudException,
  ConnectorKindSchema,
  InvalidParameterError,
  JsonValueSchema,
  parseOrThrow,
  type ResourceConfigInput,
  ResourceConfigSchema,
} from '@neural/integrations-core';
import { loadCredentialsFromFile, saveCredentialsToFile } from '@neural/integrations-core/node';
import { z } from 'zod';
import { credentialsPath } from './home.js';

/** A profile's name: lower-case letters, digits and `-` (so it maps to `NEURAL_PLATFORM_<NAME>_*`). */
export const ProfileNameSchema = z
  .string({ error: 'must be a string' })
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and "-", starting with a letter');

const JsonObject = z.record(z.string(), JsonValueSchema, { error: 'must be a JSON object' });

/** The zod schema of a {@link Profile}. */
export const ProfileSchema = z.strictObject({
  kind: ConnectorKindSchema,
  credentials: JsonObject.default({}),
  options: JsonObject.default({}),
  defaults: ResourceConfigSchema.default({}),
});

/**
 * A named platform: the connector kind, its credentials, its connector options, and default resources for
 * the jobs submitted to it.
 */
export interface Profile {
  /** The connector kind (`local`, `slurm`, `http`, `mock`, or an installed `neural-connector-<kind>`). */
  readonly kind: string;
  /** What the connector authenticates with (secret fields are never printed). */
  readonly credentials: Readonly<Record<string, z.infer<typeof JsonValueSchema>>>;
  /** The connector's options (`{ "root": "/data/jobs" }` for `local`). */
  readonly options: Readonly<Record<string, z.infer<typeof JsonValueSchema>>>;
  /** Resources every job gets unless the command line says otherwise. */
  readonly defaults: ResourceConfigInput;
}

/** A profile and where it came from. */
export interface NamedProfile extends Profile {
  /** Its name. */
  readonly name: string;
  /** `file` (the credentials file) or `env` (`NEURAL_PLATFORM_<NAME>_*` variables, which win). */
  readonly source: 'file' | 'env';
}

const ProfilesFileSchema = z.record(ProfileNameSchema, ProfileSchema);

/** The profiles of the credentials file under `home` (none when it does not exist yet). */
export async function readProfileFile(home: string): Promise<Record<string, Profile>> {
  const path = credentialsPath(home);
  if (!existsSync(path)) return {};
  const stored = await loadCredentialsFromFile(path);
  return parseOrThrow(ProfilesFileSchema, stored, `credentials file ${path}`, { redactValues: true });
}

/** Writes the profiles, private (0600) from the moment the file exists. */
export async function writeProfileFile(home: string, profiles: Record<string, Profile>): Promise<string> {
  return saveCredentialsToFile(profiles as Record<string, unknown>, credentialsPath(home));
}

const ENV_PREFIX = 'NEURAL_PLATFORM_';
const RESERVED = new Set(['KIND', 'OPTIONS', 'DEFAULTS']);

function camelCase(snake: string): string {
  return snake.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function parseJsonVariable(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw InvalidParameterError.forField(name, 'must hold a JSON object', { subject: 'environment' });
  }
}

/**
 * Profiles described by environment variables: `NEURAL_PLATFORM_<NAME>_KIND` names one, each other
 * `NEURAL_PLATFORM_<NAME>_<FIELD>` is a credential (`API_KEY` becomes `apiKey`), and `…_OPTIONS` /
 * `…_DEFAULTS` hold JSON. `<NAME>` is the profile's name in upper case with `_` for `-`.
 */
export function profilesFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, Profile> {
  const names = Object.keys(env)
    .map((key) => /^NEURAL_PLATFORM_([A-Z0-9_]+)_KIND$/.exec(key)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort((a, b) => b.length - a.length);
  const profiles: Record<string, Profile> = {};
  const claimed = new Set<string>();
  for (const upper of names) {
    const prefix = `${ENV_PREFIX}${upper}_`;
    const credentials: Record<string, unknown> = {};
    let options: unknown = {};
    let defaults: unknown = {};
    for (const [key, value] of Object.entries(env)) {
      if (!key.startsWith(prefix) || value === undefined || claimed.has(key)) continue;
      const field = key.slice(prefix.length);
      claimed.add(key);
      if (field === 'OPTIONS') options = parseJsonVariable(key, value);
      else if (field === 'DEFAULTS') defaults = parseJsonVariable(key, value);
      else if (!RESERVED.has(field)) credentials[camelCase(field)] = value;
    }
    const name = upper.toLowerCase().replaceAll('_', '-');
    const checked = parseOrThrow(
      ProfileSchema,
      { kind: env[`${prefix}KIND`], credentials, options, defaults },
      `platform ${name} from ${prefix}* variables`,
      { redactValues: true },
    );
    profiles[name] = checked;
  }
  return profiles;
}

/** Every profile: the file's, then the environment's (which replace same-named ones), sorted by name. */
export async function listProfiles(
  home: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<NamedProfile[]> {
  const all = new Map<string, NamedProfile>();
  for (const [name, profile] of Object.entries(await readProfileFile(home)))
    all.set(name, { ...profile, name, source: 'file' });
  for (const [name, profile] of Object.entries(profilesFromEnvironment(env)))
    all.set(name, { ...profile, name, source: 'env' });
  return [...all.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The profile a command runs on: the one named, or `$NEURAL_PLATFORM`, or the only one there is.
 *
 * @throws CloudException `PROFILE_NOT_FOUND` naming the profiles there are.
 */
export async function resolveProfile(
  name: string | undefined,
  home: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<NamedProfile> {
  const profiles = await listProfiles(home, env);
  const wanted = name ?? env.NEURAL_PLATFORM;
  const known =
    profiles.map((profile) => profile.name).join(', ') || 'none; add one with: neural platforms add';
  if (wanted === undefined) {
    if (profiles.length === 1) return profiles[0]!;
    throw new InvalidParameterError(`Which platform? Pass --platform <name> (platforms: ${known})`, {
      issues: [{ field: '--platform', rule: 'is required when there is not exactly one platform' }],
    });
  }
  const found = profiles.find((profile) => profile.name === wanted);
  if (!found)
    throw new CloudException(`No platform named "${wanted}" (platforms: ${known})`, {
      code: 'PROFILE_NOT_FOUND',
    });
  return found;
}

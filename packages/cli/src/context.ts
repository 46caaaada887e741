import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectorRegistration as httpRegistration } from '@neural/connector-http';
import { connectorRegistration as localRegistration } from '@neural/connector-local';
import { connectorRegistration as mockRegistration } from '@neural/connector-mock';
import { connectorRegistration as slurmRegistration } from '@neural/connector-slurm';
import {
  type Clock,
  type Connector,
  type ConnectorRegistry,
  defaultConnectorRegistry,
  UnknownConnectorError,
} from '@neural/integrations-core';
import { findConnectorPackage } from '@neural/integrations-core/node';
import { recordRetry, withTelemetry } from '@neural/telemetry';
import { neuralHome } from './home.js';
import type { CliStream, Output } from './output.js';
import { type NamedProfile, resolveProfile } from './profiles.js';
import { startTracing, type Tracing } from './trace.js';

/** What `neural` runs with: its streams, environment and the things tests replace. */
export interface CliIo {
  /** Where output goes. Default `process.stdout`. */
  stdout: CliStream;
  /** Where messages go. Default `process.stderr`. */
  stderr: CliStream;
  /** Where input (`-` files, `--credentials-stdin`) comes from. Default `process.stdin`. */
  stdin: AsyncIterable<Buffer | string>;
  /** The environment. Default `process.env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths (and connector packages) are resolved from. Default `process.cwd()`. */
  cwd: string;
  /** The connector kinds. Default: the process-wide registry, with the reference connectors registered. */
  registry: ConnectorRegistry;
  /** Where time is read and waited on. Default: the system clock. */
  clock: Clock | undefined;
  /** Aborted on Ctrl-C: waits stop, batches stop submitting. */
  signal: AbortSignal | undefined;
}

/** Registers the reference connectors (`mock`, `local`, `http`, `slurm`) in a registry, unless already there. */
export function registerBuiltInConnectors(
  registry: ConnectorRegistry = defaultConnectorRegistry,
): ConnectorRegistry {
  for (const { kind, factory } of [
    mockRegistration,
    localRegistration,
    httpRegistration,
    slurmRegistration,
  ]) {
    if (!registry.has(kind)) registry.register(kind, factory);
  }
  return registry;
}

/** Kinds whose options take a retry policy, so `--trace` can count their retries. */
const RETRYING_KINDS = new Set(['http', 'slurm']);

/** One command's run: the output, the options every command has, and the way to reach a platform. */
export class CommandContext {
  readonly home: string;
  #tracing: Tracing | undefined;

  constructor(
    readonly io: CliIo,
    readonly out: Output,
    readonly trace: boolean,
  ) {
    this.home = neuralHome(io.env, io.cwd);
  }

  /** The profile named (or the default one), its secrets registered with the redactor. */
  async profile(name: string | undefined): Promise<NamedProfile> {
    const profile = await resolveProfile(name, this.home, this.io.env);
    this.out.redactor.addCredentials(profile.credentials);
    return profile;
  }

  /** A connector for a profile, traced when `--trace` was given. */
  async connectorFor(
    profile: Pick<NamedProfile, 'kind' | 'credentials' | 'options' | 'name'>,
  ): Promise<Connector> {
    this.out.redactor.addCredentials(profile.credentials);
    const options: Record<string, unknown> = { ...profile.options };
    // Local jobs live under NEURAL_HOME too (by default ~/.neural/local-jobs, the connector's own default).
    if (profile.kind === 'local' && options.root === undefined) options.root = join(this.home, 'local-jobs');
    if (this.trace && RETRYING_KINDS.has(profile.kind)) {
      const retry = typeof options.retry === 'object' && options.retry !== null ? options.retry : {};
      options.retry = { ...retry, onRetry: recordRetry };
    }
    const connector = await this.#create(profile.kind, profile.credentials, options);
    if (!this.trace) return connector;
    this.#tracing ??= startTracing(this.out);
    return withTelemetry(connector, {
      tracer: this.#tracing.tracer,
      meter: this.#tracing.meter,
      platform: profile.name,
    });
  }

  /**
   * Makes a connector, looking for a kind's package first where the command runs (a project's own
   * node_modules), then next to the CLI itself (a global install with its connectors beside it).
   */
  async #create(
    kind: string,
    credentials: NamedProfile['credentials'],
    options: Record<string, unknown>,
  ): Promise<Connector> {
    try {
      return await this.io.registry.create(kind, credentials, options, {
        findPackage: findConnectorPackage,
        from: this.io.cwd,
      });
    } catch (error) {
      if (!UnknownConnectorError.isInstance(error)) throw error;
      try {
        return await this.io.registry.create(kind, credentials, options, {
          findPackage: findConnectorPackage,
          from: fileURLToPath(import.meta.url),
        });
      } catch (besideCli) {
        throw UnknownConnectorError.isInstance(besideCli) ? error : besideCli;
      }
    }
  }

  /** The connector of the profile named (or the default one). */
  async connect(name: string | undefined): Promise<{ profile: NamedProfile; connector: Connector }> {
    const profile = await this.profile(name);
    return { profile, connector: await this.connectorFor(profile) };
  }

  /** Flushes what `--trace` recorded. */
  async close(): Promise<void> {
    await this.#tracing?.shutdown();
  }
}

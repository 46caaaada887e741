import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { type FaultOptions, FaultOptionsSchema } from '@neural/fake-platform';
import { CloudException, InvalidParameterError, parseOrThrow, Redactor } from '@neural/integrations-core';
import {
  AbstractStartedContainer,
  GenericContainer,
  getContainerRuntimeClient,
  type StartedTestContainer,
  Wait,
} from 'testcontainers';
import { z } from 'zod';
import { DEFAULT_FAKE_PLATFORM_IMAGE, FAKE_PLATFORM_CONTAINER_PORT } from './image.js';

const ApiKeySchema = z
  .string({ error: 'must be a string' })
  .min(8, 'must be at least 8 characters')
  .regex(/^\S+$/, 'must not contain whitespace');
const SeedSchema = z.number({ error: 'must be a number' }).int('must be a whole number');
const TokenTtlSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be greater than 0');

// What the CLI's --fault-rate and --latency-ms express; anything more needs the control routes.
const FLAG_FAULT_KEYS = new Set(['rate', 'latencyMs']);

/** How long the server may take to log that it listens, once its container runs. */
const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;

function generateApiKey(): string {
  return `fake-${randomBytes(16).toString('hex')}`;
}

/**
 * The fake platform server in a container, in the style of the official testcontainers modules: configure
 * with the `with…` methods, then {@link FakePlatformContainer.start}. The image comes from
 * {@link buildFakePlatformImage}; nothing is pulled. Secrets (the API key) never appear in
 * `JSON.stringify` or `util.inspect` of this object.
 *
 * @example
 * ```ts
 * const platform = await new FakePlatformContainer().withApiKey('fake-key-123').start();
 * const token = await fetch(`${platform.getUrl()}/v1/auth/token`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ apiKey: platform.getApiKey() }),
 * });
 * await platform.stop();
 * ```
 */
export class FakePlatformContainer extends GenericContainer {
  #apiKey: string = generateApiKey();
  #faults: FaultOptions | undefined;
  #control = false;
  #seed: number | undefined;
  #tokenTtlMs: number | undefined;
  #createdContainerId: string | undefined;

  /** @param image - the image to run (default {@link DEFAULT_FAKE_PLATFORM_IMAGE}). */
  constructor(image: string = DEFAULT_FAKE_PLATFORM_IMAGE) {
    super(image);
    this.withExposedPorts(FAKE_PLATFORM_CONTAINER_PORT)
      .withWaitStrategy(Wait.forLogMessage(/Fake platform listening on http:\/\//))
      .withStartupTimeout(DEFAULT_STARTUP_TIMEOUT_MS);
  }

  /**
   * The API key the platform's token exchange accepts (default: a random one, see
   * {@link StartedFakePlatformContainer.getApiKey}).
   *
   * @throws InvalidParameterError when shorter than 8 characters or containing whitespace.
   */
  withApiKey(apiKey: string): this {
    this.#apiKey = parseOrThrow(ApiKeySchema, apiKey, 'FakePlatformContainer apiKey', {
      prefix: 'apiKey',
      redactValues: true,
    });
    return this;
  }

  /**
   * Injected faults, as the fake platform's `FaultOptions`. `rate` and `latencyMs` are passed on the
   * command line; `kinds`, `retryAfterSeconds` and `routes` can only be set through the control routes, so
   * they need {@link FakePlatformContainer.withControl}.
   *
   * @throws InvalidParameterError for options the fake platform rejects.
   */
  withFaults(faults: FaultOptions): this {
    parseOrThrow(FaultOptionsSchema, faults, 'FakePlatformContainer faults', { prefix: 'faults' });
    this.#faults = faults;
    return this;
  }

  /** Serves the unauthenticated `/v1/_control` routes (clock, finishing jobs, faults, recorded requests). */
  withControl(enabled = true): this {
    this.#control = enabled;
    return this;
  }

  /** Seeds the platform's fault decisions and job ids, so a run is reproducible. */
  withSeed(seed: number): this {
    this.#seed = parseOrThrow(SeedSchema, seed, 'FakePlatformContainer seed', { prefix: 'seed' });
    return this;
  }

  /** The access tokens' lifetime in milliseconds (default 1 hour). */
  withTokenTtlMs(tokenTtlMs: number): this {
    this.#tokenTtlMs = parseOrThrow(TokenTtlSchema, tokenTtlMs, 'FakePlatformContainer tokenTtlMs', {
      prefix: 'tokenTtlMs',
    });
    return this;
  }

  /**
   * Starts the container and waits until the server logs that it listens. A container that was created but
   * failed to start is removed before the error is rethrown, so no `Created` container is left behind.
   *
   * @throws InvalidParameterError when faults need the control routes and they are off.
   */
  override async start(): Promise<StartedFakePlatformContainer> {
    const faults = this.#faults;
    const needsControlForFaults =
      faults !== undefined && Object.keys(faults).some((key) => !FLAG_FAULT_KEYS.has(key));
    if (needsControlForFaults && !this.#control) {
      throw InvalidParameterError.fromIssues('FakePlatformContainer faults', [
        {
          field: 'faults',
          rule: 'kinds, retryAfterSeconds and routes are set through the control routes: call withControl() too',
        },
      ]);
    }
    const command = [
      '--port',
      String(FAKE_PLATFORM_CONTAINER_PORT),
      '--host',
      '0.0.0.0',
      '--api-key',
      this.#apiKey,
    ];
    if (this.#control) command.push('--enable-control');
    if (this.#seed !== undefined) command.push('--seed', String(this.#seed));
    if (this.#tokenTtlMs !== undefined) command.push('--token-ttl-ms', String(this.#tokenTtlMs));
    if (faults !== undefined && !this.#control) {
      if (faults.rate !== undefined) command.push('--fault-rate', String(faults.rate));
      if (faults.latencyMs !== undefined) command.push('--latency-ms', String(faults.latencyMs));
    }
    this.withCommand(command);

    let started: StartedTestContainer;
    try {
      started = await super.start();
    } catch (error) {
      await this.#removeCreatedContainer();
      throw new CloudException(
        `The fake platform container (${this.imageName.string}) did not start: ${new Redactor([
          this.#apiKey,
        ]).redactText((error as Error).message)}`,
        { code: 'CONTAINER_START_FAILED', cause: error },
      );
    }
    const platform = new StartedFakePlatformContainer(started, this.#apiKey, this.#control);
    if (faults !== undefined && this.#control) {
      try {
        await platform.setFaults(faults);
      } catch (error) {
        await platform.stop().catch(() => undefined);
        throw error;
      }
    }
    return platform;
  }

  protected override async containerCreated(containerId: string): Promise<void> {
    this.#createdContainerId = containerId;
  }

  async #removeCreatedContainer(): Promise<void> {
    const id = this.#createdContainerId;
    if (id === undefined) return;
    this.#createdContainerId = undefined;
    try {
      const client = await getContainerRuntimeClient();
      await client.container.remove(client.container.getById(id), { removeVolumes: true });
    } catch {
      // Already removed (testcontainers removes containers whose wait strategy failed).
    }
  }

  /** A secret-free description (image, control flag), never the API key or the container's command line. */
  toJSON(): { image: string; control: boolean } {
    return { image: this.imageName.string, control: this.#control };
  }

  /** @internal */
  [inspect.custom](): string {
    return `FakePlatformContainer ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * A running {@link FakePlatformContainer}: where to reach the platform from this machine and the API key it
 * accepts. `stop()` stops and removes the container.
 */
export class StartedFakePlatformContainer extends AbstractStartedContainer {
  readonly #apiKey: string;
  readonly #control: boolean;

  /** @internal Built by {@link FakePlatformContainer.start}. */
  constructor(startedTestContainer: StartedTestContainer, apiKey: string, control: boolean) {
    super(startedTestContainer);
    this.#apiKey = apiKey;
    this.#control = control;
  }

  /** The platform's endpoint as seen from this machine, such as `http://localhost:41234` (without `/v1`). */
  getUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(FAKE_PLATFORM_CONTAINER_PORT)}`;
  }

  /** The API key the platform's `POST /v1/auth/token` accepts. */
  getApiKey(): string {
    return this.#apiKey;
  }

  /** Whether the `/v1/_control` routes are served. */
  isControlEnabled(): boolean {
    return this.#control;
  }

  /**
   * Replaces the platform's fault settings through `PUT /v1/_control/faults`.
   *
   * @throws InvalidParameterError for bad options or when the container was started without
   *   {@link FakePlatformContainer.withControl}; `CloudException` when the platform refuses them.
   */
  async setFaults(faults: FaultOptions, signal?: AbortSignal): Promise<void> {
    parseOrThrow(FaultOptionsSchema, faults, 'setFaults options', { prefix: 'faults' });
    if (!this.#control) {
      throw InvalidParameterError.fromIssues('setFaults', [
        { field: 'control', rule: 'the container was started without withControl()' },
      ]);
    }
    const response = await fetch(`${this.getUrl()}/v1/_control/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      throw new CloudException(
        `The fake platform refused the faults (${response.status}): ${(await response.text()).slice(0, 500)}`,
        { code: 'CONTROL_REQUEST_FAILED' },
      );
    }
  }

  /** A secret-free description: id, URL and control flag, never the API key. */
  toJSON(): { id: string; url: string; control: boolean } {
    return { id: this.getId(), url: this.getUrl(), control: this.#control };
  }

  /** @internal */
  [inspect.custom](): string {
    return `StartedFakePlatformContainer ${JSON.stringify(this.toJSON())}`;
  }
}

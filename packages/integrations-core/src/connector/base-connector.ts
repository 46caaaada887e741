import type { z } from 'zod';
import { NotSupportedError } from '../errors.js';
import { INSPECT_CUSTOM } from '../inspect-symbol.js';
import type { JobResult, JobSummary } from '../job-result.js';
import type { JobStatus } from '../job-status.js';
import { type Logger, redactingLogger, silentLogger } from '../logger.js';
import { Redactor } from '../redact.js';
import type { StatusChange, WaitForStatusChangeOptions } from '../status-change.js';
import { parseOrThrow } from '../validation.js';
import type { CallOptions } from './call-options.js';
import { CONTRACT_METHODS, type ConnectorCapabilities, type OptionalMethod } from './capabilities.js';
import type { Connector, ResourceUsage } from './contract.js';
import type { DeployModelOptions, FollowLogsOptions, ListJobsOptions, SubmitJobRequest } from './requests.js';
import { scrubbingWrapper, scrubbingWrappers } from './scrubbing-wrapper.js';

const CONTRACT_METHOD_NAMES: ReadonlySet<string> = new Set(CONTRACT_METHODS);

/** What a `BaseConnector` keeps out of reach of its subclasses, by instance (the object and its proxy). */
interface ConnectorState {
  readonly credentials: object;
  readonly credentialsSchema: z.ZodType | undefined;
  /** Contract methods defined on the instance itself (class fields, assignments): overrides, too. */
  readonly ownMethods: Set<string>;
}

const connectorStates = new WeakMap<object, ConnectorState>();

function stateOf(connector: object): ConnectorState {
  const state = connectorStates.get(connector);
  if (!state) throw new TypeError('Not a BaseConnector made by its constructor');
  return state;
}

/** What every `BaseConnector` constructor accepts besides credentials. */
export interface ConnectorOptions {
  /** Where the connector logs its operations; silent by default. Secrets are redacted before it sees them. */
  logger?: Logger | undefined;
}

/**
 * The abstract class of the seed: extend it, implement the seven required methods, override the optional ones
 * your platform has. Optional methods throw `NotSupportedError` until overridden, and {@link capabilities} is
 * derived from which ones you override (declare more, such as `idempotency`, with `declaredCapabilities`).
 *
 * Credentials are validated by `credentialsSchema` when given, kept out of `JSON.stringify` and
 * `util.inspect`, and their secret fields are registered with the connector's {@link Redactor}, which scrubs
 * every log line.
 *
 * @example
 * ```ts
 * class MyPlatformConnector extends BaseConnector<{ apiKey: string; endpoint: string }> {
 *   async authenticate() { … }
 *   async submitJob(request: SubmitJobRequest) {
 *     const job = parseSubmitJobRequest(request);
 *     …
 *   }
 *   …
 * }
 * ```
 */
export abstract class BaseConnector<Credentials extends object = Record<string, unknown>>
  implements Connector
{
  /** Scrubs this connector's secrets from text and values; register tokens you obtain with `redactor.add()`. */
  protected readonly redactor: Redactor;
  /** The logger, already redacting. */
  protected readonly logger: Logger;
  /** Whether `authenticate()` last succeeded (set it in your `authenticate`). */
  authenticated = false;
  /** Capabilities the methods cannot show (such as `idempotency`), merged over the derived ones. */
  protected declaredCapabilities: Partial<ConnectorCapabilities> = {};

  constructor(
    credentials: Credentials,
    options: ConnectorOptions & { credentialsSchema?: z.ZodType<Credentials> | undefined } = {},
  ) {
    this.redactor = new Redactor().addCredentials(credentials);
    const state: ConnectorState = {
      credentials: Object.freeze(
        options.credentialsSchema
          ? parseOrThrow(options.credentialsSchema, credentials, 'credentials', { redactValues: true })
          : { ...credentials },
      ),
      credentialsSchema: options.credentialsSchema,
      ownMethods: new Set(),
    };
    this.logger = redactingLogger(options.logger ?? silentLogger, this.redactor);
    // A proxy, so that contract methods defined after this constructor has run (a subclass's class fields,
    // which are defined on the object `super()` returns, or a later assignment) are wrapped as they are
    // defined. Without a `get` trap, reads go straight to the object.
    const redactor = this.redactor;
    const proxy: this = new Proxy(this, {
      defineProperty(target, key, descriptor) {
        if (
          typeof key === 'string' &&
          CONTRACT_METHOD_NAMES.has(key) &&
          typeof descriptor.value === 'function' &&
          !scrubbingWrappers.has(descriptor.value)
        ) {
          state.ownMethods.add(key);
          const value = scrubbingWrapper(key, descriptor.value, proxy, redactor);
          return Reflect.defineProperty(target, key, { ...descriptor, value });
        }
        return Reflect.defineProperty(target, key, descriptor);
      },
      deleteProperty(target, key) {
        const deleted = Reflect.deleteProperty(target, key);
        // The prototype's method shows through again: wrapped like the others.
        if (deleted && typeof key === 'string' && CONTRACT_METHOD_NAMES.has(key)) {
          state.ownMethods.delete(key);
          wrapInherited(target, key);
        }
        return deleted;
      },
    });
    const wrapInherited = (target: object, name: string) => {
      const method = (target as Record<string, unknown>)[name];
      if (typeof method !== 'function') return;
      Object.defineProperty(target, name, {
        value: scrubbingWrapper(name, method as (...args: unknown[]) => unknown, proxy, redactor),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    };
    // The prototype chain's methods (this class, a subclass, a subclass of a subclass) are wrapped now, as
    // own non-enumerable properties; the prototype keeps them, which is what {@link capabilities} looks at.
    for (const name of CONTRACT_METHODS) wrapInherited(this, name);
    connectorStates.set(this, state);
    connectorStates.set(proxy, state);
    // biome-ignore lint/correctness/noConstructorReturn: the proxy is what wraps methods defined later.
    return proxy;
  }

  /** The credentials this connector was made with (validated, frozen). Never serialised or inspected. */
  protected get credentials(): Readonly<Credentials> {
    return stateOf(this).credentials as Readonly<Credentials>;
  }

  /**
   * Whether the credentials are well-formed by this connector's `credentialsSchema` (always `true` without
   * one). A cheap local check, run before anything is sent; `authenticate()` asks the platform.
   */
  validateCredentials(): boolean {
    const { credentialsSchema, credentials } = stateOf(this);
    return credentialsSchema ? credentialsSchema.safeParse(credentials).success : true;
  }

  /** Which optional methods work: derived from the ones this class overrides, plus `declaredCapabilities`. */
  get capabilities(): ConnectorCapabilities {
    // Looked up on the prototype chain, past the error-scrubbing wrappers the constructor puts on the instance.
    // A method defined on the instance (a class field, an assignment) counts as an override too.
    const { ownMethods } = stateOf(this);
    const overridden = (name: OptionalMethod) => {
      if (ownMethods.has(name)) return true;
      return (
        (Object.getPrototypeOf(this) as Record<string, unknown>)[name] !==
        (BaseConnector.prototype as unknown as Record<string, unknown>)[name]
      );
    };
    return Object.freeze({
      deployModel: overridden('deployModel'),
      deleteEndpoint: overridden('deleteEndpoint'),
      uploadFile: overridden('uploadFile'),
      downloadFile: overridden('downloadFile'),
      getResourceUsage: overridden('getResourceUsage'),
      followLogs: overridden('followLogs'),
      idempotency: false,
      waitForStatusChange: overridden('waitForStatusChange'),
      ...this.declaredCapabilities,
    });
  }

  /** Checks the credentials with the platform: `true` when accepted, `false` when refused. */
  abstract authenticate(options?: CallOptions): Promise<boolean>;
  /** Submits a job and returns its id. Validate with `parseSubmitJobRequest` first. */
  abstract submitJob(request: SubmitJobRequest): Promise<string>;
  /** The job's current status. */
  abstract getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus>;
  /** The job's result so far. */
  abstract getJobResult(jobId: string, options?: CallOptions): Promise<JobResult>;
  /** Cancels a job: `true` when it was stopped, `false` when it had already finished. */
  abstract cancelJob(jobId: string, options?: CallOptions): Promise<boolean>;
  /** Recent jobs, newest first. Validate with `parseListJobsOptions` first. */
  abstract listJobs(options?: ListJobsOptions): Promise<JobSummary[]>;
  /** The job's logs so far. */
  abstract getLogs(jobId: string, options?: CallOptions): Promise<string>;

  /** Deploys a model as an endpoint. Throws `NotSupportedError` unless overridden. */
  async deployModel(
    _modelPath: string,
    _endpointName: string,
    _options?: DeployModelOptions,
  ): Promise<string> {
    throw this.notSupported('deployModel');
  }
  /** Deletes an endpoint. Throws `NotSupportedError` unless overridden. */
  async deleteEndpoint(_endpointName: string, _options?: CallOptions): Promise<boolean> {
    throw this.notSupported('deleteEndpoint');
  }
  /** Uploads a file. Throws `NotSupportedError` unless overridden. */
  async uploadFile(_localPath: string, _remotePath: string, _options?: CallOptions): Promise<boolean> {
    throw this.notSupported('uploadFile');
  }
  /** Downloads a file. Throws `NotSupportedError` unless overridden. */
  async downloadFile(_remotePath: string, _localPath: string, _options?: CallOptions): Promise<boolean> {
    throw this.notSupported('downloadFile');
  }
  /** Reports resource usage. Throws `NotSupportedError` unless overridden. */
  async getResourceUsage(_options?: CallOptions): Promise<ResourceUsage> {
    throw this.notSupported('getResourceUsage');
  }
  /** Streams logs until the job ends. Throws `NotSupportedError` (on first iteration) unless overridden. */
  // biome-ignore lint/correctness/useYield: the default implementation only refuses.
  async *followLogs(_jobId: string, _options?: FollowLogsOptions): AsyncIterable<string> {
    throw this.notSupported('followLogs');
  }

  /** Waits for the job's status to change. Throws `NotSupportedError` unless overridden. */
  async waitForStatusChange(_jobId: string, _options: WaitForStatusChangeOptions): Promise<StatusChange> {
    throw this.notSupported('waitForStatusChange');
  }

  /** A `NotSupportedError` naming this connector and `method`. */
  protected notSupported(method: OptionalMethod): NotSupportedError {
    return new NotSupportedError(method, { connector: this.constructor.name });
  }

  /** A secret-free description: the class, its capabilities, and the credentials with secrets redacted. */
  toJSON(): Record<string, unknown> {
    return {
      connector: this.constructor.name,
      authenticated: this.authenticated,
      capabilities: this.capabilities,
      credentials: this.redactor.redactValue(stateOf(this).credentials),
    };
  }

  /**
   * `util.inspect` (and `console.log`) show the same secret-free description as `toJSON`. Node passes its
   * `inspect` as the third argument; elsewhere the description is JSON.
   */
  [INSPECT_CUSTOM](
    _depth?: number,
    _options?: unknown,
    inspect?: (value: unknown, options?: { depth?: number }) => string,
  ): string {
    const description = this.toJSON();
    return `${this.constructor.name} ${inspect ? inspect(description, { depth: 4 }) : JSON.stringify(description)}`;
  }
}

// What happens around every method of a MockConnector before its in-memory behaviour runs: the call is
// recorded, then the signal, validation, a hang, an injected failure, a refused key and an override, in the
// order a real client meets them.
import {
  AuthenticationError,
  type Clock,
  type CloudException,
  throwIfAborted,
} from '@neural/integrations-core';
import type { MockCallRecord } from './call-record.js';
import type { MockFailureInjection } from './failure-injection.js';
import type { MockArgs, MockMethod, MockResult } from './mock-methods.js';
import type { MockOverrideTable } from './overrides.js';

/** What the pipeline reads: the clock, the test controls, and whether the platform accepts the key now. */
export interface CallPipelineParts {
  readonly clock: Clock;
  readonly calls: MockCallRecord;
  readonly injections: MockFailureInjection;
  readonly overrides: MockOverrideTable;
  readonly keyAccepted: () => boolean;
}

/** Runs a method's behaviour (or its override) under the test controls, recording the call. */
export class MockCallPipeline {
  readonly #clock: Clock;
  readonly #calls: MockCallRecord;
  readonly #injections: MockFailureInjection;
  readonly #overrides: MockOverrideTable;
  readonly #keyAccepted: () => boolean;

  constructor(parts: CallPipelineParts) {
    this.#clock = parts.clock;
    this.#calls = parts.calls;
    this.#injections = parts.injections;
    this.#overrides = parts.overrides;
    this.#keyAccepted = parts.keyAccepted;
  }

  /** One call of `method`: `validate` checks the arguments, `implementation` is the in-memory behaviour. */
  async call<M extends MockMethod>(
    method: M,
    args: MockArgs<M>,
    signal: AbortSignal | undefined,
    validate: () => void,
    implementation: () => Promise<MockResult<M>>,
  ): Promise<MockResult<M>> {
    const call = this.#calls.start(method, args, this.#clock.now());
    try {
      const { after, overridden } = await this.#prepare(method, args, signal, validate);
      const result = overridden ? (overridden.value as MockResult<M>) : await implementation();
      if (after) throw after;
      call.state = 'returned';
      call.result = result;
      return result;
    } catch (error) {
      call.state = 'threw';
      call.error = error;
      throw error;
    }
  }

  /** A `followLogs` call: the chunks of `source` (or of the override), recorded as the call's result. */
  async *callStream(
    args: MockArgs<'followLogs'>,
    signal: AbortSignal | undefined,
    validate: () => void,
    source: () => AsyncIterable<string>,
  ): AsyncGenerator<string> {
    const call = this.#calls.start('followLogs', args, this.#clock.now());
    const chunks: string[] = [];
    try {
      const { after, overridden } = await this.#prepare('followLogs', args, signal, validate);
      if (after) throw after;
      const stream: AsyncIterable<string> | Iterable<string> = overridden
        ? (overridden.value as MockResult<'followLogs'>)
        : source();
      for await (const chunk of stream) {
        chunks.push(chunk);
        yield chunk;
      }
      call.state = 'returned';
      call.result = chunks;
    } catch (error) {
      call.state = 'threw';
      call.error = error;
      throw error;
    } finally {
      if (call.state === 'pending') {
        // The consumer stopped early (break/return): the call ended without error, with what it got.
        call.state = 'returned';
        call.result = chunks;
      }
    }
  }

  /**
   * Everything that happens before a method's own behaviour, in the order a real client meets it: the signal,
   * local validation, a hang, an injected failure, the platform refusing the key, then an override.
   */
  async #prepare<M extends MockMethod>(
    method: M,
    args: MockArgs<M>,
    signal: AbortSignal | undefined,
    validate: () => void,
  ): Promise<{ after: CloudException | undefined; overridden: { value: unknown } | undefined }> {
    throwIfAborted(signal);
    validate();
    await this.#injections.maybeHang(method, signal);
    throwIfAborted(signal);
    const injection = this.#injections.takeInjection(method);
    const injected = injection && this.#injections.injectedError(method, injection);
    if (injection?.when === 'before') throw injected;
    if (method !== 'authenticate' && !this.#keyAccepted()) {
      throw new AuthenticationError('The mock platform refused the API key');
    }
    let overridden: { value: unknown } | undefined;
    if (this.#overrides.has(method)) overridden = { value: await this.#overrides.resolve(method, args) };
    return { after: injection?.when === 'after' ? injected : undefined, overridden };
  }
}

import { createPrng } from '@neural/integrations-core';
import {
  FAULT_KINDS,
  type FaultKind,
  type FaultOptions,
  FaultOptionsSchema,
  type ResolvedFaultOptions,
} from '../options.js';
import { parseBody } from './bodies.js';

/** What `FakePlatformModel.decideFault` chose for one request. */
export interface FaultDecision {
  /** The fault to inject, if any. */
  kind: FaultKind | undefined;
  /** Latency to add before answering, in ms. */
  latencyMs: number;
}

/** The fault settings in force and the seeded PRNG that draws a fault per request. */
export class FaultInjector {
  #settings: ResolvedFaultOptions;
  #random: () => number;

  constructor(
    private readonly initial: ResolvedFaultOptions,
    private readonly seed: number,
  ) {
    this.#settings = initial;
    this.#random = createPrng(seed);
  }

  /** The fault settings in force. */
  get settings(): ResolvedFaultOptions {
    return this.#settings;
  }

  /** Replaces the fault settings (validated; `INVALID_REQUEST` names the bad field). */
  set(faults: FaultOptions): void {
    this.#settings = parseBody(FaultOptionsSchema, faults);
  }

  /**
   * Draws the fault for one request to `operationId`: the same seed and the same sequence of requests give the
   * same faults. `token-expired` is only drawn for routes that authenticate.
   */
  decide(operationId: string, authenticated: boolean): FaultDecision {
    const faults = this.#settings;
    const route = faults.routes[operationId];
    const rate = route?.rate ?? faults.rate;
    const latencyMs = route?.latencyMs ?? faults.latencyMs;
    if (rate <= 0) return { kind: undefined, latencyMs };
    const draw = this.#random();
    const pick = this.#random();
    if (draw >= rate) return { kind: undefined, latencyMs };
    const kinds = (route?.kinds ?? faults.kinds ?? [...FAULT_KINDS]).filter(
      (kind) => authenticated || kind !== 'token-expired',
    );
    const kind = kinds[Math.floor(pick * kinds.length)];
    return { kind, latencyMs };
  }

  /** Back to the initial settings and the PRNG's first draw. */
  reset(): void {
    this.#settings = this.initial;
    this.#random = createPrng(this.seed);
  }
}

/**
 * A small seeded pseudo-random number generator (mulberry32): the same seed gives the same sequence on every
 * machine and Node version, which is what makes a fake platform's injected faults and generated ids
 * reproducible from a seed in a test. Not for secrets: use `crypto.getRandomValues` for those.
 *
 * @param seed - Any number; only its low 32 bits matter (`seed >>> 0`).
 * @returns A function giving the next number of the sequence, in `[0, 1)`.
 *
 * @example
 * ```ts
 * const random = createPrng(42);
 * const failThisRequest = random() < 0.1;
 * ```
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

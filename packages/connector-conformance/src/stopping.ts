import type { Clock } from '@neural/integrations-core';

/** Why the run stopped: the signal's reason as text. */
export function stopReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' && reason.length > 0 ? reason : 'the run was aborted';
}

/**
 * Follows the run's signal: when it aborts, notes which jobs were still unsettled and starts the clock of
 * `cancelTimeoutMs`; `deadline` resolves when that runs out (never, while not stopped).
 */
export function watchForStop(
  signal: AbortSignal | undefined,
  cancelTimeoutMs: number,
  onStop: () => string[],
  clock: Clock,
): {
  readonly deadline: Promise<void>;
  readonly stopped: boolean;
  unsettledAtStop(): string[];
  dispose(): void;
} {
  const disposed = new AbortController();
  let atStop: string[] = [];
  let stopped = false;
  let expire: () => void = () => undefined;
  const deadline = new Promise<void>((resolve) => {
    expire = resolve;
  });
  const onAbort = () => {
    stopped = true;
    atStop = onStop();
    clock.sleep(cancelTimeoutMs, disposed.signal).then(expire, () => undefined);
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    deadline,
    get stopped() {
      return stopped;
    },
    unsettledAtStop: () => atStop,
    dispose() {
      disposed.abort();
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

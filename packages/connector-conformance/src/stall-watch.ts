import type { Clock } from '@neural/integrations-core';
import type { JobLedger } from './job-ledger.js';

/**
 * Looks at the ledger on the run's clock, waking when the next job could pass the stall threshold, so a job
 * is noticed on time even when its status poll hangs and never returns. Returns the function that stops it.
 */
export function watchForStalls(ledger: JobLedger, clock: Clock): () => void {
  const stopped = new AbortController();
  void (async () => {
    while (!stopped.signal.aborted) {
      try {
        // At least 1 ms: a job due now is noticed below, and the next wake-up is later.
        await clock.sleep(Math.max(1, ledger.nextStallInMs()), stopped.signal);
      } catch {
        return;
      }
      ledger.noticeStalls();
    }
  })();
  return () => stopped.abort();
}

/**
 * One measured watcher of many jobs in a process of its own (benchmark 8), so its requests and peak RSS are
 * its own. argv[2]: JSON {@link WatcherSpec}; the job ids are read from `idsFile`. Authenticates and loads
 * everything first, then resets the kernel's peak-RSS mark, watches every job to its end, and reports when it
 * noticed each end, how many requests it sent, and the peak memory above idle.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { HttpConnector } from '@neural/connector-http';
import { isTerminalStatus, watchJob, watchJobs } from '@neural/integrations-core';
import { z } from 'zod';

const WatcherSpecSchema = z.object({
  mode: z.enum(['watchJobs', 'per-job-polling']),
  url: z.url(),
  apiKey: z.string(),
  idsFile: z.string().min(1),
  pollIntervalMs: z.number().int().positive(),
  requestsPerSecond: z.number().positive(),
});

/** Resident and peak resident memory in bytes, from /proc (Linux). */
function memory(): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    return { rss: kib('VmRSS'), peak: kib('VmHWM') };
  } catch {
    return undefined;
  }
}

process.send?.({ type: 'ready' });
try {
  const spec = WatcherSpecSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const jobIds = z.array(z.string()).parse(JSON.parse(readFileSync(spec.idsFile, 'utf8')));
  let requests = 0;
  const connector = new HttpConnector(
    { apiKey: spec.apiKey, endpoint: spec.url },
    {
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    },
  );
  await connector.authenticate();
  requests = 0;
  const noticed: Record<string, [string, number]> = {};
  global.gc?.();
  const idle = memory();
  let peakReset = false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    peakReset = true;
  } catch {
    // Not Linux, or not allowed: the peak since start is reported instead (an overestimate).
  }
  const idleRss = idle?.rss ?? process.memoryUsage().rss;
  const started = performance.now();
  let unreachable = 0;
  if (spec.mode === 'watchJobs') {
    for await (const event of watchJobs(connector, {
      jobIds,
      pollIntervalMs: spec.pollIntervalMs,
      requestsPerSecond: spec.requestsPerSecond,
    })) {
      if (event.type === 'ended') noticed[event.jobId] = [event.status, Date.now()];
      else if (event.type === 'unreachable') unreachable++;
      else if (event.type === 'error') throw event.error;
    }
  } else {
    // What an application does without watchJobs: one waiter per job, each polling on its own (capped at 5%).
    await Promise.all(
      jobIds.map(async (jobId) => {
        const changes = watchJob(connector, jobId, { usePush: false, pollIntervalMs: spec.pollIntervalMs });
        for await (const change of changes) {
          if (isTerminalStatus(change.status)) noticed[jobId] = [change.status, Date.now()];
        }
      }),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRss = peakReset ? (memory()?.peak ?? 0) : process.resourceUsage().maxRSS * 1024;
  process.send?.({
    type: 'done',
    seconds,
    requests,
    unreachable,
    noticed,
    idleRss,
    peakRss,
    peakAboveIdle: peakRss - idleRss,
    peakReset,
  });
} catch (error) {
  process.send?.({ type: 'error', error: error instanceof Error ? error.stack : String(error) });
  process.exitCode = 1;
}

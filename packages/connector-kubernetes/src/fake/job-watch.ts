/** The store's side of a watch on Jobs: the events since what a watcher has seen. */

import { selectJobs } from './jobs.js';
import type { KubeObject } from './objects.js';
import type { ClusterStore } from './store.js';

/** An event of a watch stream: what happened to a Job, and the Job then. */
export interface JobWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

/**
 * What a step of a watch is asked: the namespace, the selectors, what the watcher has seen (name →
 * resourceVersion and object) and the resourceVersion it watches from.
 */
export type WatchJobsStepArgs = [
  namespace: string,
  labelSelector: string | null,
  fieldSelector: string | null,
  seen: Map<string, { version: number; object: KubeObject }>,
  sinceVersion: number,
];

/**
 * One step of a watch on the namespace's Jobs: an event for each selected Job whose resourceVersion is past
 * what `seen` (name → resourceVersion) records, and a `DELETED` event for each seen Job that is gone.
 * Updates `seen`.
 */
export function watchJobsStep(
  store: ClusterStore,
  ...[namespace, labelSelector, fieldSelector, seen, sinceVersion]: WatchJobsStepArgs
): JobWatchEvent[] {
  const events: JobWatchEvent[] = [];
  const current = selectJobs(store, namespace, labelSelector, fieldSelector);
  const names = new Set(current.map((job) => job.metadata.name));
  for (const job of current) {
    const version = Number(job.metadata.resourceVersion);
    const known = seen.get(job.metadata.name);
    if (known ? version > known.version : version > sinceVersion) {
      events.push({ type: known ? 'MODIFIED' : 'ADDED', object: structuredClone(job) });
    }
    seen.set(job.metadata.name, { version, object: job });
  }
  for (const [name, { object }] of seen) {
    if (names.has(name)) continue;
    seen.delete(name);
    events.push({ type: 'DELETED', object: structuredClone(object) });
  }
  return events;
}

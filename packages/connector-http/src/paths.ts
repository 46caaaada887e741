/** The platform paths every operation module shares. */

/** The path of one job; the id is encoded so it can never reach another resource. */
export function jobPath(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}`;
}

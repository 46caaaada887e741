/** Where a job's standard output and error files are, and reading them when this machine can see them. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { SlurmJob } from '../api/adapter.js';
import { expandOutputPath } from '../job-spec.js';

/** The absolute path of one of the job's output files (relative ones are under its working directory). */
export function outputPath(job: SlurmJob, stream: 'stdout' | 'stderr', workdir: string): string {
  // Slurm's defaults: stdout to <cwd>/slurm-%j.out, stderr joined to stdout.
  const reported = stream === 'stdout' ? job.standardOutput : job.standardError || job.standardOutput;
  const pattern = reported || 'slurm-%j.out';
  const expanded = expandOutputPath(pattern, job);
  return isAbsolute(expanded) ? expanded : join(job.workingDirectory || workdir, expanded);
}

/** The file's text, or `undefined` when it cannot be read here (not yet written, or on another machine). */
export async function readIfReadable(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

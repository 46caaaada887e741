/**
 * Creating the workdir on this machine before a submit: once per connector, not once per job. A failure is
 * not kept: the directory may exist only on the cluster's filesystem (Slurm reports the job failed if so) or
 * become creatable later (a share mounted, a permission fixed), so the next submit tries again.
 */
import { mkdir } from 'node:fs/promises';
import type { Logger } from '@neural/integrations-core';

/**
 * A function that creates `workdir` (with its parents) the first time it is called, and resolves at once on
 * later calls; calls made while the first is in flight wait for it. It never rejects: a failure is logged at
 * debug level and forgotten, so the next call tries again.
 */
export function createWorkdirOnce(workdir: string, logger: Logger): () => Promise<void> {
  let created: Promise<void> | undefined;
  return () => {
    created ??= mkdir(workdir, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        created = undefined;
        logger.debug('could not create the workdir on this machine', {
          workdir,
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
    return created;
  };
}

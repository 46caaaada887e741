import { slurmApiV0038 } from './v0.0.38.js';

/** The slurmrestd API versions this connector speaks, each through its own adapter. */
export const SLURM_API_VERSIONS = Object.freeze({ 'v0.0.38': slurmApiV0038 });

/** One of {@link SLURM_API_VERSIONS}' keys. */
export type SlurmApiVersion = keyof typeof SLURM_API_VERSIONS;

/**
 * The version-neutral view of slurmrestd. The connector speaks only these shapes; one adapter per API version
 * turns them into that version's paths and JSON and validates its responses, so supporting a newer slurmrestd
 * means writing one more adapter, not touching the connector.
 */

/** One error entry of a slurmrestd response, whichever key the version used for its number. */
export interface SlurmApiError {
  /** Slurm's error number (`error_number`, `error_code` or `errno` on the wire); `undefined` when absent. */
  readonly number: number | undefined;
  /** The short error text, such as `Invalid job id specified`. */
  readonly error: string;
  /** The longer description, when slurmrestd gave one. */
  readonly description: string;
  /** The Slurm API function that failed, when given (`slurm_load_job`). */
  readonly source: string;
}

/** A job as the connector needs it, whatever the API version. */
export interface SlurmJob {
  /** The numeric job id, as a string. */
  readonly id: string;
  /** The job name. */
  readonly name: string;
  /** The job's comment (empty or absent when none): where the connector keeps its idempotency tag. */
  readonly comment?: string | undefined;
  /** Slurm's base state, upper case (`RUNNING`, `OUT_OF_MEMORY`). */
  readonly state: string;
  /** Why the job is in its state (`None`, `NonZeroExitCode`, `Resources`). */
  readonly stateReason: string;
  /** The raw wait status of the batch script, when known. */
  readonly exitStatus: number | undefined;
  /** Seconds since the epoch; 0 when unknown. */
  readonly submitTime: number;
  /** Seconds since the epoch; 0 while the job has not started. */
  readonly startTime: number;
  /** Seconds since the epoch; 0 (or a projected time) while the job runs. */
  readonly endTime: number;
  /** The standard output path as Slurm reports it: unexpanded (`%j` kept), or empty. */
  readonly standardOutput: string;
  /** The standard error path as Slurm reports it: unexpanded, or empty. */
  readonly standardError: string;
  /** The job's working directory. */
  readonly workingDirectory: string;
  /** The user the job runs as. */
  readonly userName: string;
  /** Whether Slurm may requeue the job after a preemption or a node failure; `undefined` when not reported. */
  readonly requeue?: boolean | undefined;
}

/** A node as the connector needs it. */
export interface SlurmNode {
  /** The node name. */
  readonly name: string;
  /** Slurm's node state, lower case (`idle`, `mixed`, `down`). */
  readonly state: string;
  /** Extra state flags (`DRAIN`). */
  readonly stateFlags: readonly string[];
  /** CPUs on the node. */
  readonly cpus: number;
  /** CPUs allocated to jobs. */
  readonly allocatedCpus: number;
  /** Memory Slurm may hand out, in MB. */
  readonly realMemoryMb: number;
  /** Memory allocated to jobs, in MB. */
  readonly allocatedMemoryMb: number;
  /** Configured generic resources (`gpu:2`). */
  readonly gres: string;
  /** Generic resources in use (`gpu:1(IDX:0)`). */
  readonly gresUsed: string;
}

/** What the connector asks Slurm to run, before any version's wire format. */
export interface SlurmJobSpec {
  /** The job name. */
  readonly name: string;
  /** The whole batch script, starting with `#!`. */
  readonly script: string;
  /** The job's comment: the idempotency tag, when the submit has a key. */
  readonly comment?: string | undefined;
  /** Absolute working directory on the compute node. */
  readonly workingDirectory: string;
  /** Absolute standard output path, may contain `%j`. */
  readonly standardOutput: string;
  /** Absolute standard error path, may contain `%j`. */
  readonly standardError: string;
  /** The job's complete environment (slurmrestd does not pass the submitter's). */
  readonly environment: Readonly<Record<string, string>>;
  /** CPUs per task. */
  readonly cpusPerTask?: number | undefined;
  /** Memory per node in MB. */
  readonly memoryPerNodeMb?: number | undefined;
  /** Generic resources (`gpu:2`). */
  readonly gres?: string | undefined;
  /** Time limit in minutes. */
  readonly timeLimitMinutes?: number | undefined;
  /** Partition name. */
  readonly partition?: string | undefined;
  /** Account to charge. */
  readonly account?: string | undefined;
  /** Quality of service. */
  readonly qos?: string | undefined;
}

/** One slurmrestd API version: its paths, its request bodies, and the validation of its responses. */
export interface SlurmApiAdapter {
  /** The version string, such as `v0.0.38`. */
  readonly version: string;
  /** Paths under the server URL. Job ids are already checked to be numeric. */
  readonly paths: {
    readonly ping: string;
    readonly submit: string;
    readonly jobs: string;
    readonly nodes: string;
    job(jobId: string): string;
  };
  /** The JSON body of a submit request. */
  submitBody(spec: SlurmJobSpec): unknown;
  /** Validates a ping response; returns whether a controller answered UP. Throws a zod error when malformed. */
  parsePing(body: unknown): { readonly up: boolean };
  /** Validates a submit response; returns the new job's id. */
  parseSubmit(body: unknown): { readonly jobId: string };
  /** Validates a jobs (or single job) response. */
  parseJobs(body: unknown): SlurmJob[];
  /** Validates a nodes response. */
  parseNodes(body: unknown): SlurmNode[];
  /** The error entries of any response, leniently: `[]` when the body has none or is not JSON of that shape. */
  parseErrors(body: unknown): SlurmApiError[];
}

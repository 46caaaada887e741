import { z } from 'zod';
import type { SlurmApiAdapter, SlurmApiError, SlurmJob, SlurmJobSpec, SlurmNode } from './adapter.js';

/*
 * slurmrestd v0.0.38 (Slurm 22.05). Schemas list only the fields the connector reads; slurmrestd sends many
 * more, and unknown keys are ignored so that patch releases adding fields do not break the client.
 * Numbers that Slurm leaves unset come back as `null`.
 */

const BASE = '/slurm/v0.0.38';

const count = z
  .number()
  .nullish()
  .transform((value) => value ?? 0);
const text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');

const ErrorSchema = z.object({
  error: text,
  description: text,
  source: text,
  // The number's key differs by the code path that failed: parsing uses error_code, node queries errno.
  error_number: z.number().optional(),
  error_code: z.number().optional(),
  errno: z.number().optional(),
});

const ErrorsBodySchema = z.object({ errors: z.array(ErrorSchema).optional() });

const PingResponseSchema = z.object({
  pings: z.array(z.object({ hostname: text, ping: text })),
});

const SubmitResponseSchema = z.object({
  job_id: z.number().int().nonnegative(),
});

const JobSchema = z.object({
  job_id: z.number().int().nonnegative(),
  name: text,
  comment: text,
  // v0.0.38 sends one state string; later versions send a list of flags, which their own adapter handles.
  job_state: z.string().min(1),
  state_reason: text,
  exit_code: z.number().int().nullish(),
  submit_time: count,
  start_time: count,
  end_time: count,
  standard_output: text,
  standard_error: text,
  current_working_directory: text,
  user_name: text,
  requeue: z.boolean().nullish(),
});

const JobsResponseSchema = z.object({ jobs: z.array(JobSchema) });

const NodeSchema = z.object({
  name: z.string().min(1),
  state: text,
  state_flags: z.array(z.string()).nullish(),
  cpus: count,
  alloc_cpus: count,
  real_memory: count,
  alloc_memory: count,
  gres: text,
  gres_used: text,
});

const NodesResponseSchema = z.object({ nodes: z.array(NodeSchema) });

function toJob(job: z.output<typeof JobSchema>): SlurmJob {
  return {
    id: String(job.job_id),
    name: job.name,
    comment: job.comment,
    state: job.job_state.toUpperCase(),
    stateReason: job.state_reason,
    exitStatus: job.exit_code ?? undefined,
    submitTime: job.submit_time,
    startTime: job.start_time,
    endTime: job.end_time,
    standardOutput: job.standard_output,
    standardError: job.standard_error,
    workingDirectory: job.current_working_directory,
    userName: job.user_name,
    requeue: job.requeue ?? undefined,
  };
}

function toNode(node: z.output<typeof NodeSchema>): SlurmNode {
  return {
    name: node.name,
    state: node.state.toLowerCase(),
    stateFlags: node.state_flags ?? [],
    cpus: node.cpus,
    allocatedCpus: node.alloc_cpus,
    realMemoryMb: node.real_memory,
    allocatedMemoryMb: node.alloc_memory,
    gres: node.gres,
    gresUsed: node.gres_used,
  };
}

function submitBody(spec: SlurmJobSpec): unknown {
  const job: Record<string, unknown> = {
    name: spec.name,
    current_working_directory: spec.workingDirectory,
    standard_output: spec.standardOutput,
    standard_error: spec.standardError,
    // v0.0.38 wants an object map and refuses a job without one ("environment must be set").
    environment: { ...spec.environment },
  };
  if (spec.comment !== undefined) job.comment = spec.comment;
  if (spec.cpusPerTask !== undefined) job.cpus_per_task = spec.cpusPerTask;
  if (spec.memoryPerNodeMb !== undefined) job.memory_per_node = spec.memoryPerNodeMb;
  if (spec.gres !== undefined) job.gres = spec.gres;
  if (spec.timeLimitMinutes !== undefined) job.time_limit = spec.timeLimitMinutes;
  if (spec.partition !== undefined) job.partition = spec.partition;
  if (spec.account !== undefined) job.account = spec.account;
  if (spec.qos !== undefined) job.qos = spec.qos;
  return { script: spec.script, job };
}

/** The adapter for slurmrestd's `v0.0.38` API (Slurm 22.05). */
export const slurmApiV0038: SlurmApiAdapter = Object.freeze({
  version: 'v0.0.38',
  paths: Object.freeze({
    ping: `${BASE}/ping`,
    submit: `${BASE}/job/submit`,
    jobs: `${BASE}/jobs`,
    nodes: `${BASE}/nodes`,
    job: (jobId: string) => `${BASE}/job/${encodeURIComponent(jobId)}`,
  }),
  submitBody,
  parsePing(body: unknown) {
    const parsed = PingResponseSchema.parse(body);
    return { up: parsed.pings.some((ping) => ping.ping.toUpperCase() === 'UP') };
  },
  parseSubmit(body: unknown) {
    return { jobId: String(SubmitResponseSchema.parse(body).job_id) };
  },
  parseJobs(body: unknown) {
    return JobsResponseSchema.parse(body).jobs.map(toJob);
  },
  parseNodes(body: unknown) {
    return NodesResponseSchema.parse(body).nodes.map(toNode);
  },
  parseErrors(body: unknown): SlurmApiError[] {
    const parsed = ErrorsBodySchema.safeParse(body);
    if (!parsed.success) return [];
    return (parsed.data.errors ?? []).map((entry) => ({
      number: entry.error_number ?? entry.error_code ?? entry.errno,
      error: entry.error,
      description: entry.description,
      source: entry.source,
    }));
  },
});

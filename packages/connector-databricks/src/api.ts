/**
 * The parts of the Databricks REST API the connector reads, as zod schemas: every answer is checked against
 * one of these before it is used. Written from the Jobs API 2.1 OpenAPI document and the service definitions of
 * the Databricks SDKs (see test/fixtures/databricks-api.json for the subset and its sources). Lenient where the
 * API adds fields over time (objects are loose, enums stay strings: an unknown state maps to `unknown`).
 */
import { z } from 'zod';

/** Every Databricks error body: `{ "error_code": "INVALID_PARAMETER_VALUE", "message": "…" }`. */
export const DatabricksErrorSchema = z.looseObject({
  error_code: z.string().optional(),
  message: z.string().optional(),
  details: z
    .array(
      z.looseObject({
        field_violations: z
          .array(z.looseObject({ field: z.string().optional(), description: z.string().optional() }))
          .optional(),
      }),
    )
    .optional(),
  // The OAuth token endpoint answers in RFC 6749's shape instead.
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** A Databricks error body. */
export type DatabricksError = z.infer<typeof DatabricksErrorSchema>;

/** `POST /oidc/v1/token` (client credentials). */
export const OidcTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

/** `state` of a run or task run (Jobs API 2.1). */
export const RunStateSchema = z.looseObject({
  life_cycle_state: z.string().min(1).optional(),
  result_state: z.string().min(1).optional(),
  state_message: z.string().optional(),
  user_cancelled_or_timedout: z.boolean().optional(),
});

/** `status` of a run (Jobs API 2.2, also sent by 2.1 today): the successor of `state`. */
export const RunStatusSchema = z.looseObject({
  state: z.string().min(1),
  termination_details: z
    .looseObject({ code: z.string().optional(), type: z.string().optional(), message: z.string().optional() })
    .optional(),
});

const TaskRunSchema = z.looseObject({
  run_id: z.number().int(),
  task_key: z.string().optional(),
  state: RunStateSchema.optional(),
  spark_python_task: z.looseObject({ python_file: z.string() }).optional(),
  notebook_task: z.looseObject({ notebook_path: z.string() }).optional(),
  cluster_instance: z.looseObject({ cluster_id: z.string().optional() }).optional(),
  new_cluster: z
    .looseObject({
      cluster_log_conf: z
        .looseObject({ volumes: z.looseObject({ destination: z.string() }).optional() })
        .optional(),
    })
    .optional(),
});

/** A task run inside a run. */
export type TaskRun = z.infer<typeof TaskRunSchema>;

/** `GET /api/2.1/jobs/runs/get` and each item of `runs/list`. */
export const RunSchema = z.looseObject({
  run_id: z.number().int(),
  run_name: z.string().optional(),
  run_type: z.string().optional(),
  state: RunStateSchema.optional(),
  status: RunStatusSchema.optional(),
  start_time: z.number().optional(),
  end_time: z.number().optional(),
  run_page_url: z.string().optional(),
  tasks: z.array(TaskRunSchema).optional(),
  // Jobs API 2.2 pages the tasks of a run; a one-time run of this connector has one.
  next_page_token: z.string().optional(),
});

/** A run as `runs/get` returns it. */
export type Run = z.infer<typeof RunSchema>;

/** `POST /api/2.1/jobs/runs/submit`. */
export const SubmitRunResponseSchema = z.looseObject({ run_id: z.number().int() });

/** `GET /api/2.1/jobs/runs/list`. */
export const RunsListSchema = z.looseObject({
  runs: z.array(RunSchema).optional(),
  has_more: z.boolean().optional(),
  next_page_token: z.string().optional(),
});

/** `GET /api/2.1/jobs/runs/get-output` (of a task run). */
export const RunOutputSchema = z.looseObject({
  logs: z.string().optional(),
  logs_truncated: z.boolean().optional(),
  error: z.string().optional(),
  error_trace: z.string().optional(),
  notebook_output: z
    .looseObject({ result: z.string().optional(), truncated: z.boolean().optional() })
    .optional(),
  metadata: z.looseObject({}).optional(),
});

/** Answers whose body the connector does not read (`{}`). */
export const EmptyObjectSchema = z.looseObject({});

/** `POST /api/2.0/serving-endpoints`. */
export const ServingEndpointSchema = z.looseObject({
  name: z.string().min(1),
  id: z.string().optional(),
  state: z.looseObject({ ready: z.string().optional(), config_update: z.string().optional() }).optional(),
});

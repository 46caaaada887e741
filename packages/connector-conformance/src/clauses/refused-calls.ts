import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Connector, JobStatus } from '@neural/integrations-core';
import type { ClauseContext } from '../context.js';
import { drain } from './jobs.js';

/** One contract call made with refused credentials: how the report names it, and how to make it. */
export type RefusedCall = readonly [description: string, make: () => Promise<unknown>];

/**
 * Every contract method the connector has, called on `jobId` (a job the valid credentials submitted) and on
 * scratch files in `dir`: the required ones always, each optional one when claimed.
 */
export function everyContractCall(
  ctx: ClauseContext,
  connector: Connector,
  jobId: string,
  dir: string,
): RefusedCall[] {
  const options = { signal: ctx.signal };
  const id = ctx.describe(jobId);
  const claims = ctx.capabilities;
  const remote = `conformance/${ctx.jobName('refused')}/data.bin`;
  // Short: endpoint names are often limited to 63 characters.
  const endpoint = ctx.marker('refused');
  const calls: RefusedCall[] = [
    [
      'connector.submitJob({ code: jobs.succeeds.code })',
      () => connector.submitJob({ code: ctx.target.jobs.succeeds.code, jobName: ctx.jobName(), ...options }),
    ],
    [`connector.getJobStatus(${id})`, () => connector.getJobStatus(jobId, options)],
    [`connector.getJobResult(${id})`, () => connector.getJobResult(jobId, options)],
    [`connector.getLogs(${id})`, () => connector.getLogs(jobId, options)],
    ['connector.listJobs()', () => connector.listJobs(options)],
    [`connector.cancelJob(${id})`, () => connector.cancelJob(jobId, options)],
  ];
  const optional: Array<[keyof typeof claims, RefusedCall]> = [
    [
      'followLogs',
      [`connector.followLogs(${id})`, () => drain(connector.followLogs?.(jobId, options) ?? empty())],
    ],
    [
      'waitForStatusChange',
      [
        `connector.waitForStatusChange(${id}, { since: "unknown", timeoutMs: 0 })`,
        () =>
          connector.waitForStatusChange?.(jobId, {
            since: JobStatus.UNKNOWN,
            timeoutMs: 0,
            ...options,
          }) as Promise<unknown>,
      ],
    ],
    [
      'uploadFile',
      [
        `connector.uploadFile(<a local file>, ${ctx.describe(remote)})`,
        async () => {
          const local = join(dir, 'upload.bin');
          await writeFile(local, 'conformance');
          return connector.uploadFile?.(local, remote, options);
        },
      ],
    ],
    [
      'downloadFile',
      [
        `connector.downloadFile(${ctx.describe(remote)}, <a local path>)`,
        () => connector.downloadFile?.(remote, join(dir, 'download.bin'), options) as Promise<unknown>,
      ],
    ],
    [
      'deployModel',
      [
        `connector.deployModel(<modelPath>, ${ctx.describe(endpoint)})`,
        () =>
          connector.deployModel?.(
            ctx.target.modelPath ?? 'conformance/model.bin',
            endpoint,
            options,
          ) as Promise<unknown>,
      ],
    ],
    [
      'deleteEndpoint',
      [
        `connector.deleteEndpoint(${ctx.describe(endpoint)})`,
        () => connector.deleteEndpoint?.(endpoint, options) as Promise<unknown>,
      ],
    ],
    [
      'getResourceUsage',
      ['connector.getResourceUsage()', () => connector.getResourceUsage?.(options) as Promise<unknown>],
    ],
  ];
  for (const [capability, call] of optional) if (claims[capability]) calls.push(call);
  return calls;
}

async function* empty(): AsyncIterable<string> {}

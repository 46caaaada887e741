import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  InvalidParameterError,
  JsonValueSchema,
  type ParameterIssue,
  parseSubmitJobRequest,
  type ResourceConfigInput,
  type SubmitJobRequest,
  toParameterIssues,
} from '@neural/integrations-core';
import { z } from 'zod';

/**
 * One line of a batch file: a `submitJob` request in JSON, whose code is given inline (`code`) or as a file
 * relative to the batch file (`file`).
 */
export const BatchLineSchema = z
  .strictObject({
    code: z.string().optional(),
    file: z.string().min(1, 'must be a non-empty path').optional(),
    jobName: z.string().optional(),
    resourceConfig: z.record(z.string(), JsonValueSchema, { error: 'must be an object' }).optional(),
    environment: z.record(z.string(), z.string()).optional(),
    dependencies: z.array(z.string()).optional(),
    idempotencyKey: z.string().optional(),
  })
  .refine((line) => (line.code === undefined) !== (line.file === undefined), {
    message: 'must have exactly one of "code" and "file"',
    path: ['code'],
  });

/**
 * Reads a JSON Lines batch file into submit requests, every line checked before anything is submitted; blank
 * lines are skipped. Resources are laid over `defaults`.
 *
 * @throws InvalidParameterError naming each bad line and field.
 */
export async function readBatchFile(
  path: string,
  defaults: ResourceConfigInput,
): Promise<SubmitJobRequest[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw InvalidParameterError.fromIssues('batch file', [
      {
        field: path,
        rule: `must be a readable file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      },
    ]);
  }
  const issues: ParameterIssue[] = [];
  const jobs: SubmitJobRequest[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      issues.push({ field: where, rule: 'must be a JSON object' });
      continue;
    }
    const checked = BatchLineSchema.safeParse(value);
    if (!checked.success) {
      issues.push(...toParameterIssues(checked.error, value, { prefix: where, redactValues: true }));
      continue;
    }
    const { file, code, resourceConfig, ...rest } = checked.data;
    let source = code;
    if (file !== undefined) {
      try {
        source = await readFile(resolve(dirname(path), file), 'utf8');
      } catch (error) {
        issues.push({
          field: `${where}.file`,
          rule: `must be a readable file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
        });
        continue;
      }
    }
    const job: SubmitJobRequest = {
      ...rest,
      code: source ?? '',
      resourceConfig: { ...defaults, ...(resourceConfig as ResourceConfigInput | undefined) },
    };
    try {
      parseSubmitJobRequest(job);
    } catch (error) {
      if (!InvalidParameterError.isInstance(error)) throw error;
      issues.push(...error.issues.map((issue) => ({ field: `${where}.${issue.field}`, rule: issue.rule })));
      continue;
    }
    jobs.push(job);
  }
  if (issues.length > 0) throw InvalidParameterError.fromIssues(`batch file ${path}`, issues);
  if (jobs.length === 0)
    throw InvalidParameterError.fromIssues(`batch file ${path}`, [
      { field: path, rule: 'must hold at least one job' },
    ]);
  return jobs;
}

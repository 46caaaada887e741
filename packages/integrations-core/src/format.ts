import type { JobResult } from './job-result.js';
import type { Redactor } from './redact.js';

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(2))}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}

function indent(text: string): string {
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/**
 * Readable text of a job result: status, duration, output, error, metrics, artifacts and logs URL.
 * Pass the connector's redactor (or any `Redactor`) to scrub secrets a job may have printed.
 *
 * @example
 * ```ts
 * console.log(formatJobOutput(await connector.getJobResult(jobId)));
 * // Job job-1: SUCCEEDED
 * //   Duration: 10.5s
 * // Output:
 * //   Job completed
 * ```
 */
export function formatJobOutput(result: JobResult, options: { redactor?: Redactor } = {}): string {
  const lines = [
    `Job ${result.jobId}: ${result.status.toUpperCase()}${result.rawState ? ` (${result.rawState})` : ''}`,
  ];
  if (result.durationSeconds !== undefined)
    lines.push(`  Duration: ${formatDuration(result.durationSeconds)}`);
  if (result.output) lines.push('Output:', indent(result.output));
  if (result.error) lines.push('Error:', indent(result.error));
  const metrics = Object.entries(result.metrics);
  if (metrics.length > 0) {
    lines.push('Metrics:');
    for (const [name, value] of metrics)
      lines.push(`  ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  if (result.artifacts.length > 0) {
    lines.push('Artifacts:');
    for (const artifact of result.artifacts) lines.push(`  - ${artifact}`);
  }
  if (result.logsUrl) lines.push(`Logs: ${result.logsUrl}`);
  const text = lines.join('\n');
  return options.redactor ? options.redactor.redactText(text) : text;
}

import {
  InvalidParameterError,
  type JsonValue,
  JsonValueSchema,
  type ParameterIssue,
} from '@neural/integrations-core';
import { z } from 'zod';

/**
 * What a job's `# @fake …` comment lines ask for: the same directives the fake platform reads (see
 * `docs/platform-api.md`, "What a job does"), so one job's code behaves alike on both.
 */
export interface JobDirectives {
  /** `# @fake duration=250ms`: how long the job runs once started. */
  readonly durationMs: number | undefined;
  /** `# @fake queue=100ms`: how long the job stays PENDING first. */
  readonly queueMs: number | undefined;
  /** `# @fake fail="message"`: the job ends FAILED with this error. */
  readonly fail: string | undefined;
  /** `# @fake output="text"`, or else the string literals of the code's `print(...)` calls, one per line. */
  readonly output: string | undefined;
  /** `# @fake metrics={"loss":0.1}`: the result's metrics. */
  readonly metrics: Readonly<Record<string, JsonValue>>;
  /** `# @fake artifacts=model.pt,metrics.json`: the result's artifacts. */
  readonly artifacts: readonly string[];
  /** `# @fake log="line"` (repeatable): extra log lines, spread over the run. */
  readonly logs: readonly string[];
  /** `# @fake forever`: the job runs until cancelled (or failed with `failJob`). */
  readonly forever: boolean;
}

const DIRECTIVE_LINE = /^\s*#\s*@fake\b(.*)$/;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;
const PRINT_LITERAL = /\bprint\(\s*(?:[rRuUbBfF]{0,2})(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')\s*\)/g;

const MetricsSchema = z.record(z.string(), JsonValueSchema);

/** Parses `250ms`, `2s`, `1.5m` into milliseconds; `undefined` when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

/** A quoted value is a JSON string (so `\n` and `\"` work); a bare one is taken as written. */
function parseText(raw: string): string | undefined {
  const value = raw.trim();
  if (!value.startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function unescapePythonLiteral(literal: string): string {
  return literal.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char === 't' ? '\t' : char));
}

/**
 * Reads the `# @fake` directives of a job's code (one per line).
 *
 * @throws InvalidParameterError naming `code` and each malformed directive, so a typo never silently runs a
 * default job.
 * @example
 * ```ts
 * parseDirectives('# @fake duration=2s\n# @fake fail="out of memory"\nprint("hi")');
 * // { durationMs: 2000, fail: 'out of memory', output: 'hi', … }
 * ```
 */
export function parseDirectives(code: string): JobDirectives {
  const issues: ParameterIssue[] = [];
  let durationMs: number | undefined;
  let queueMs: number | undefined;
  let fail: string | undefined;
  let output: string | undefined;
  let metrics: Record<string, JsonValue> = {};
  let artifacts: string[] = [];
  const logs: string[] = [];
  let forever = false;

  code.split(/\r?\n/).forEach((line, index) => {
    const match = DIRECTIVE_LINE.exec(line);
    if (!match) return;
    const body = match[1]!.trim();
    const bad = (rule: string) => issues.push({ field: `code (line ${index + 1})`, rule });
    if (body === 'forever') {
      forever = true;
      return;
    }
    const equals = body.indexOf('=');
    const name = equals < 0 ? body : body.slice(0, equals).trim();
    const raw = equals < 0 ? '' : body.slice(equals + 1);
    if (equals < 0 && name !== 'forever') {
      bad(
        `"@fake ${body}" is not a directive; use name=value (duration, queue, fail, output, metrics, artifacts, log) or forever`,
      );
      return;
    }
    switch (name) {
      case 'duration':
      case 'queue': {
        const ms = parseDuration(raw);
        if (ms === undefined) bad(`@fake ${name} must be a duration such as 250ms, 2s or 1m`);
        else if (name === 'duration') durationMs = ms;
        else queueMs = ms;
        return;
      }
      case 'fail':
      case 'output':
      case 'log': {
        const text = parseText(raw);
        if (text === undefined) bad(`@fake ${name} must be text or a "quoted string"`);
        else if (name === 'fail') fail = text.length > 0 ? text : 'Job failed';
        else if (name === 'output') output = text;
        else logs.push(text);
        return;
      }
      case 'metrics': {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = undefined;
        }
        const result = MetricsSchema.safeParse(parsed);
        if (result.success) metrics = result.data;
        else bad('@fake metrics must be a JSON object such as {"loss":0.1}');
        return;
      }
      case 'artifacts':
        artifacts = raw
          .split(',')
          .map((artifact) => artifact.trim())
          .filter((artifact) => artifact.length > 0);
        return;
      default:
        bad(
          `"@fake ${name}" is not a known directive (duration, queue, fail, output, metrics, artifacts, log, forever)`,
        );
    }
  });

  if (issues.length > 0) throw InvalidParameterError.fromIssues('job directives', issues);

  if (output === undefined) {
    const printed = [...code.matchAll(PRINT_LITERAL)].map((m) => unescapePythonLiteral(m[1] ?? m[2] ?? ''));
    if (printed.length > 0) output = printed.join('\n');
  }

  return Object.freeze({
    durationMs,
    queueMs,
    fail,
    output,
    metrics: Object.freeze(metrics),
    artifacts: Object.freeze(artifacts),
    logs: Object.freeze(logs),
    forever,
  });
}

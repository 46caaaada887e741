import { type JsonValue, JsonValueSchema } from '@neural/integrations-core';
import { PlatformProblem, type ProblemFieldError } from './problems.js';

/** What a job's code asked the fake platform to do, from its `# @fake …` directive lines. */
export interface JobPlan {
  /** How long the job stays QUEUED. */
  queueMs: number;
  /** How long it stays STARTING before RUNNING. */
  startingMs: number;
  /** How long it runs once started; `Infinity` for `forever`. */
  durationMs: number;
  /** When set, the job ends FAILED with this message. */
  fail: string | undefined;
  /** The result's output. */
  output: string;
  /** The result's metrics. */
  metrics: Record<string, JsonValue>;
  /** The result's artifacts. */
  artifacts: string[];
  /** Lines written to the log over the run, in order. */
  logLines: string[];
}

/** The defaults a plan starts from (platform options can change them). */
export interface PlanDefaults {
  /** Default `queue=`. */
  queueMs: number;
  /** Default `starting=`. */
  startingMs: number;
  /** Default `duration=`. */
  durationMs: number;
}

const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
const DIRECTIVE_LINE = /^\s*#\s*@fake\b(.*)$/;
// Only plain string literals: the fake does not run Python, it reads what the code would obviously print.
const PRINT_LITERAL = /\bprint\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")\s*\)/g;

/** Parses `250ms`, `2s`, `1.5m` into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  if (!match) return undefined;
  const unit = match[2] === 'ms' ? 1 : match[2] === 's' ? 1000 : 60_000;
  const ms = Math.round(Number(match[1]) * unit);
  return ms <= MAX_DURATION_MS ? ms : undefined;
}

function unescapePythonLiteral(text: string): string {
  return text.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}

/** Splits a directive line's text into `key` / `key=value` tokens; values may be JSON strings or objects. */
function tokenize(text: string): Array<{ key: string; value: string | undefined }> | string {
  const tokens: Array<{ key: string; value: string | undefined }> = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    const keyMatch = /^[A-Za-z][\w-]*/.exec(text.slice(i));
    if (!keyMatch) return `unexpected text "${text.slice(i, i + 20)}"`;
    const key = keyMatch[0];
    i += key.length;
    if (text[i] !== '=') {
      tokens.push({ key, value: undefined });
      continue;
    }
    i++;
    const start = i;
    const open = text[i];
    if (open === '"' || open === '{' || open === '[') {
      let depth = 0;
      let inString = false;
      for (; i < text.length; i++) {
        const ch = text[i];
        if (inString) {
          if (ch === '\\') i++;
          else if (ch === '"') {
            inString = false;
            if (depth === 0) {
              i++;
              break;
            }
          }
        } else if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
      }
    } else {
      while (i < text.length && !/\s/.test(text[i] ?? '')) i++;
    }
    tokens.push({ key, value: text.slice(start, i) });
  }
  return tokens;
}

function parseJsonString(raw: string): string | undefined {
  if (!raw.startsWith('"')) return raw;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a job's code into a {@link JobPlan}. The directives are documented in docs/platform-api.md; an
 * unknown directive or a malformed value is an `INVALID_REQUEST` naming the `code` field and the line, so a
 * typo never silently runs the default behaviour.
 */
export function planJob(code: string, defaults: PlanDefaults): JobPlan {
  const plan: JobPlan = {
    queueMs: defaults.queueMs,
    startingMs: defaults.startingMs,
    durationMs: defaults.durationMs,
    fail: undefined,
    output: '',
    metrics: {},
    artifacts: [],
    logLines: [],
  };
  const errors: ProblemFieldError[] = [];
  const printed: string[] = [];
  let output: string | undefined;
  const lines = code.split(/\r?\n/);
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    for (const match of line.matchAll(PRINT_LITERAL)) {
      printed.push(unescapePythonLiteral(match[1] ?? match[2] ?? ''));
    }
    const directive = DIRECTIVE_LINE.exec(line);
    if (!directive) return;
    const tokens = tokenize(directive[1] ?? '');
    if (typeof tokens === 'string') {
      errors.push({ field: 'code', rule: `${where}: ${tokens}` });
      return;
    }
    for (const { key, value } of tokens) {
      const bad = (rule: string) => errors.push({ field: 'code', rule: `${where}: @fake ${key} ${rule}` });
      const needValue = (): string | undefined => {
        if (value === undefined || value === '') bad('needs a value (key=value)');
        return value || undefined;
      };
      switch (key) {
        case 'duration':
        case 'queue':
        case 'starting': {
          const raw = needValue();
          if (raw === undefined) break;
          const ms = parseDuration(raw);
          if (ms === undefined) bad(`must be a duration such as 250ms, 2s or 1m (at most 24h), got "${raw}"`);
          else if (key === 'duration') plan.durationMs = ms;
          else if (key === 'queue') plan.queueMs = ms;
          else plan.startingMs = ms;
          break;
        }
        case 'forever':
          if (value !== undefined) bad('takes no value');
          plan.durationMs = Number.POSITIVE_INFINITY;
          break;
        case 'fail':
        case 'output':
        case 'log': {
          const raw = needValue();
          if (raw === undefined) break;
          const text = parseJsonString(raw);
          if (text === undefined) bad('must be a word or a "quoted string"');
          else if (key === 'fail') plan.fail = text;
          else if (key === 'output') output = text;
          else plan.logLines.push(text);
          break;
        }
        case 'metrics': {
          const raw = needValue();
          if (raw === undefined) break;
          let parsed: unknown;
          try {
            parsed = JSON.parse(raw);
          } catch {
            parsed = undefined;
          }
          const json = JsonValueSchema.safeParse(parsed);
          if (
            !json.success ||
            json.data === null ||
            typeof json.data !== 'object' ||
            Array.isArray(json.data)
          )
            bad('must be a JSON object such as {"loss":0.1}');
          else plan.metrics = json.data as Record<string, JsonValue>;
          break;
        }
        case 'artifacts': {
          const raw = needValue();
          if (raw === undefined) break;
          plan.artifacts = raw
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean);
          break;
        }
        default:
          bad(
            'is not a known directive (duration, queue, starting, fail, output, metrics, artifacts, log, forever)',
          );
      }
    }
  });
  if (errors.length > 0) {
    throw new PlatformProblem('INVALID_REQUEST', 'The job code has invalid @fake directives', {
      status: 422,
      errors,
    });
  }
  plan.output = output ?? printed.join('\n');
  plan.logLines = [...printed, ...plan.logLines];
  return plan;
}

import {
  InvalidParameterError,
  type JsonValue,
  JsonValueSchema,
  type ParameterIssue,
} from '@neural/integrations-core';

/**
 * What a job's `# @fake …` comment lines ask for (see docs/platform-api.md, "What a job does"). This one
 * parser serves the fake platform and `MockConnector` alike, so a job's code behaves the same on both.
 * Fields the code does not set are `undefined`: each consumer applies its own defaults.
 */
export interface JobDirectives {
  /** `# @fake duration=250ms`: how long the job runs once started. */
  readonly durationMs: number | undefined;
  /** `# @fake queue=100ms`: how long the job waits before it starts. */
  readonly queueMs: number | undefined;
  /** `# @fake starting=50ms`: how long the job is starting (the fake platform's STARTING state). */
  readonly startingMs: number | undefined;
  /** `# @fake fail="message"`: the job ends FAILED with this error (`"Job failed"` when empty). */
  readonly fail: string | undefined;
  /** `# @fake output="text"`, or else the string literals of the code's `print(...)` calls, one per line. */
  readonly output: string | undefined;
  /** `# @fake metrics={"loss":0.1}`: the result's metrics. */
  readonly metrics: Readonly<Record<string, JsonValue>>;
  /** `# @fake artifacts=model.pt,metrics.json`: the result's artifacts. */
  readonly artifacts: readonly string[];
  /** `# @fake log="line"` (repeatable): extra log lines, spread over the run. */
  readonly logs: readonly string[];
  /** `# @fake forever`: the job runs until cancelled. */
  readonly forever: boolean;
}

/** One malformed directive: the 1-based line, and the rule it breaks (starting `@fake <name>`). */
export interface DirectiveIssue {
  /** The line of the code, counted from 1. */
  readonly line: number;
  /** What is wrong, such as `@fake queue must be a duration such as 250ms, 2s or 1m (at most 24h)`. */
  readonly rule: string;
}

const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
const DIRECTIVE_LINE = /^\s*#\s*@fake\b(.*)$/;
const KNOWN = ['duration', 'queue', 'starting', 'fail', 'output', 'metrics', 'artifacts', 'log', 'forever'];
// Only plain string literals (no f-strings): nothing runs the code, so only what it obviously prints counts.
const PRINT_LITERAL = /\bprint\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")\s*\)/g;

/** Parses `250ms`, `2s`, `1.5m` into milliseconds (at most 24 h); `undefined` when malformed. */
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

/** Where the value starting at `i` ends: a quoted string or a JSON object/array as a whole. */
function endOfBracketed(text: string, i: number): number {
  let depth = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return i;
}

/**
 * Splits a directive line into `key` / `key=value` tokens. Several directives may share a line
 * (`duration=1s fail="x"`); a bare value runs on, spaces included, until the next `key=` or known flag
 * (so `log=epoch 2` and `artifacts=a.pt, b.json` read as written).
 */
function tokenize(text: string): Array<{ key: string; value: string | undefined }> | string {
  const tokens: Array<{ key: string; value: string | undefined }> = [];
  const startsToken = (at: number) => {
    const rest = text.slice(at);
    return /^[A-Za-z][\w-]*=/.test(rest) || KNOWN.some((k) => new RegExp(`^${k}(\\s|$)`).test(rest));
  };
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
    const start = ++i;
    if (text[i] === '"' || text[i] === '{' || text[i] === '[') i = endOfBracketed(text, i);
    else {
      for (;;) {
        while (i < text.length && !/\s/.test(text[i] ?? '')) i++;
        let next = i;
        while (next < text.length && /\s/.test(text[next] ?? '')) next++;
        if (next >= text.length || startsToken(next)) break;
        i = next;
      }
    }
    tokens.push({ key, value: text.slice(start, i).trim() });
  }
  return tokens;
}

function parseText(raw: string): string | undefined {
  if (!raw.startsWith('"')) return raw;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a job's code: its directives and every malformed one, never throwing. Unknown directives and
 * malformed values are issues, so a typo never silently runs the default behaviour.
 */
export function readDirectives(code: string): {
  directives: JobDirectives;
  /** The string literals of the code's `print(...)` calls, in order (what the job would print). */
  printed: readonly string[];
  issues: DirectiveIssue[];
} {
  const issues: DirectiveIssue[] = [];
  let durationMs: number | undefined;
  let queueMs: number | undefined;
  let startingMs: number | undefined;
  let fail: string | undefined;
  let output: string | undefined;
  let metrics: Record<string, JsonValue> = {};
  let artifacts: string[] = [];
  const logs: string[] = [];
  const printed: string[] = [];
  let forever = false;

  code.split(/\r?\n/).forEach((line, index) => {
    for (const match of line.matchAll(PRINT_LITERAL))
      printed.push(unescapePythonLiteral(match[1] ?? match[2] ?? ''));
    const directive = DIRECTIVE_LINE.exec(line);
    if (!directive) return;
    const lineNumber = index + 1;
    const tokens = tokenize(directive[1] ?? '');
    if (typeof tokens === 'string') {
      issues.push({ line: lineNumber, rule: `@fake ${tokens}` });
      return;
    }
    for (const { key, value } of tokens) {
      const bad = (rule: string) => issues.push({ line: lineNumber, rule: `@fake ${key} ${rule}` });
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
          else if (key === 'duration') durationMs = ms;
          else if (key === 'queue') queueMs = ms;
          else startingMs = ms;
          break;
        }
        case 'forever':
          if (value !== undefined) bad('takes no value');
          forever = true;
          break;
        case 'fail':
        case 'output':
        case 'log': {
          const raw = needValue();
          if (raw === undefined) break;
          const text = parseText(raw);
          if (text === undefined) bad('must be a word or a "quoted string"');
          else if (key === 'fail') fail = text.length > 0 ? text : 'Job failed';
          else if (key === 'output') output = text;
          else logs.push(text);
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
          else metrics = json.data as Record<string, JsonValue>;
          break;
        }
        case 'artifacts': {
          const raw = needValue();
          if (raw === undefined) break;
          artifacts = raw
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean);
          break;
        }
        default:
          bad(`is not a known directive (${KNOWN.join(', ')})`);
      }
    }
  });

  const directives: JobDirectives = Object.freeze({
    durationMs,
    queueMs,
    startingMs,
    fail,
    output: output ?? (printed.length > 0 ? printed.join('\n') : undefined),
    metrics: Object.freeze(metrics),
    artifacts: Object.freeze(artifacts),
    logs: Object.freeze(logs),
    forever,
  });
  return { directives, printed: Object.freeze(printed), issues };
}

/**
 * Reads a job's `# @fake` directives.
 *
 * @throws InvalidParameterError naming `code (line N)` and the rule for each malformed directive.
 * @example
 * ```ts
 * parseDirectives('# @fake duration=2s fail="out of memory"\nprint("hi")');
 * // { durationMs: 2000, fail: 'out of memory', output: 'hi', … }
 * ```
 */
export function parseDirectives(code: string): JobDirectives {
  const { directives, issues } = readDirectives(code);
  if (issues.length > 0) {
    throw InvalidParameterError.fromIssues(
      'job directives',
      issues.map((issue): ParameterIssue => ({ field: `code (line ${issue.line})`, rule: issue.rule })),
    );
  }
  return directives;
}

import type { Redactor } from './redact.js';

/** How loud a log line is. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured context attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * What connectors log their operations through. Silent by default; plug in {@link consoleLogger}, pino
 * (its methods take `(fields, message)`: wrap it with {@link fromPino}) or your own.
 */
export interface Logger {
  /** Detail for debugging: every request, every retry. */
  debug(message: string, fields?: LogFields): void;
  /** Operations worth a line: job submitted, job finished. */
  info(message: string, fields?: LogFields): void;
  /** Something went wrong and was recovered from: a retry, a refreshed token. */
  warn(message: string, fields?: LogFields): void;
  /** Something went wrong and was not recovered from. */
  error(message: string, fields?: LogFields): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger that drops everything: the default. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});

/** Logging must never throw: a cycle is written `[Circular]` and a BigInt as its digits and `n`. */
function safeJson(fields: LogFields): string {
  try {
    return JSON.stringify(fields);
  } catch {
    // The objects being written, outermost first: a value among them is a cycle, a value seen elsewhere is not.
    const ancestors: unknown[] = [];
    try {
      return JSON.stringify(fields, function (this: unknown, _key, value: unknown) {
        if (typeof value === 'bigint') return `${value}n`;
        if (value === null || typeof value !== 'object') return value;
        while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
        if (ancestors.includes(value)) return '[Circular]';
        ancestors.push(value);
        return value;
      });
    } catch {
      return '{"fields":"[unserialisable]"}';
    }
  }
}

/**
 * A logger that writes to the console from `level` up (default `info`), one line per call with its fields
 * as JSON.
 */
export function consoleLogger(options: { level?: LogLevel; console?: Pick<Console, LogLevel> } = {}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const target = options.console ?? console;
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (LEVELS[level] < min) return;
    target[level](fields && Object.keys(fields).length > 0 ? `${message} ${safeJson(fields)}` : message);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Adapts a pino-style logger (`logger.info(fields, message)`) to {@link Logger}. */
export function fromPino(pino: Record<LogLevel, (fields: object, message: string) => void>): Logger {
  return {
    debug: (message, fields) => pino.debug(fields ?? {}, message),
    info: (message, fields) => pino.info(fields ?? {}, message),
    warn: (message, fields) => pino.warn(fields ?? {}, message),
    error: (message, fields) => pino.error(fields ?? {}, message),
  };
}

/** Wraps `logger` so every message and field passes through `redactor` first. */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  const wrap = (level: LogLevel) => (message: string, fields?: LogFields) =>
    logger[level](
      redactor.redactText(message),
      fields ? (redactor.redactValue(fields) as LogFields) : undefined,
    );
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

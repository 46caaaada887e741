import { styleText } from 'node:util';
import { CloudException, InvalidParameterError, Redactor } from '@neural/integrations-core';

/** A stream `neural` writes to: a TTY or not, with a width when it is one. */
export interface CliStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

type Style = Parameters<typeof styleText>[0];

/**
 * Everything `neural` prints goes through here: text or JSON on stdout, messages on stderr, colours only on a
 * TTY and never with `NO_COLOR`, and every byte through the redactor, so no secret is printed whatever failed.
 */
export class Output {
  /** Scrubs the credentials of every profile used by this run. */
  readonly redactor = new Redactor();
  readonly #stdout: CliStream;
  readonly #stderr: CliStream;
  /** Whether `--json` was given: stdout carries JSON only. */
  readonly json: boolean;
  /** Whether stdout is a terminal (live displays redraw in place); always false with `--json`. */
  readonly live: boolean;
  readonly #color: boolean;

  constructor(options: {
    stdout: CliStream;
    stderr: CliStream;
    json: boolean;
    color: boolean | undefined;
    env: Readonly<Record<string, string | undefined>>;
  }) {
    this.#stdout = options.stdout;
    this.#stderr = options.stderr;
    this.json = options.json;
    this.live = !options.json && options.stdout.isTTY === true;
    const noColor = (options.env.NO_COLOR ?? '') !== '';
    this.#color = options.color !== false && !noColor && this.live && options.env.TERM !== 'dumb';
  }

  /** The terminal's width (80 when unknown). */
  get columns(): number {
    return this.#stdout.columns ?? 80;
  }

  /** The stream live displays draw on. */
  get stdout(): CliStream {
    return {
      write: (chunk: string) => this.#stdout.write(this.redactor.redactText(chunk)),
      isTTY: this.live,
      columns: this.columns,
    };
  }

  /** `text` in a style (`green`, `bold`, …) when colours are on; as is otherwise. */
  style(format: Style, text: string): string {
    // Whether to colour is decided here, for the stream `neural` writes to (styleText would look at process.stdout).
    return this.#color ? styleText(format, text, { validateStream: false }) : text;
  }

  /** A line of human-readable output on stdout (skipped with `--json`). */
  line(text = ''): void {
    if (!this.json) this.#stdout.write(`${this.redactor.redactText(text)}\n`);
  }

  /** A note for the person at the terminal, on stderr (progress, hints), never mixed with stdout's data. */
  note(text: string): void {
    this.#stderr.write(`${this.redactor.redactText(text)}\n`);
  }

  /** One JSON document on stdout (only with `--json`). */
  data(value: unknown): void {
    // Scrubbed as text: every registered secret goes, while fields that only look secret by name (an
    // idempotency key) stay readable.
    if (this.json) this.#stdout.write(`${this.redactor.redactText(JSON.stringify(value))}\n`);
  }

  /** Reports an error: `{"error": …}` on stdout with `--json`, a message on stderr otherwise. Never a secret. */
  error(error: unknown): void {
    const scrubbed = this.redactor.redactError(error);
    const described = describeError(scrubbed);
    if (this.json) {
      this.#stdout.write(`${this.redactor.redactText(JSON.stringify({ error: described }))}\n`);
      return;
    }
    this.#stderr.write(`${this.style('red', 'error')}: ${this.redactor.redactText(described.message)}\n`);
  }
}

/** A plain description of an error: its code, its message, and for bad input every broken rule. */
export function describeError(error: unknown): {
  code: string;
  message: string;
  issues?: readonly { field: string; rule: string }[];
} {
  if (InvalidParameterError.isInstance(error)) {
    return { code: error.code, message: error.message, issues: error.issues };
  }
  if (CloudException.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

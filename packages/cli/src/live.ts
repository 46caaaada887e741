import cliSpinners from 'cli-spinners';
import { createLogUpdate } from 'log-update';
import type { Output } from './output.js';

const spinner = cliSpinners.dots;

/**
 * A region of the terminal redrawn in place (log-update does the erasing, wrapping and cursor hiding), with a
 * spinner frame that advances on its own. Only used when stdout is a TTY; otherwise commands print one line
 * per event.
 */
export class LiveRegion {
  readonly #draw: ReturnType<typeof createLogUpdate>;
  readonly #render: (spinnerFrame: string) => string;
  #frame = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(out: Output, render: (spinnerFrame: string) => string) {
    const stream = out.stdout;
    this.#draw = createLogUpdate({ ...stream, rows: 1_000 } as unknown as NodeJS.WriteStream);
    this.#render = render;
  }

  /** Draws now and keeps the spinner turning. */
  start(): this {
    this.refresh();
    this.#timer = setInterval(() => {
      this.#frame = (this.#frame + 1) % spinner.frames.length;
      this.refresh();
    }, spinner.interval);
    this.#timer.unref();
    return this;
  }

  /** Redraws with the latest state. */
  refresh(): void {
    this.#draw(this.#render(spinner.frames[this.#frame]!));
  }

  /** Draws a last time and leaves it on the screen. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.refresh();
    this.#draw.done();
  }
}

/** `[#####-----]` for `done` of `total`, `width` characters wide between the brackets. */
export function progressBar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** `1:02:03` or `02:03` for a number of milliseconds. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

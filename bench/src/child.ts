/**
 * Child processes for the parts that must not share the client's event loop or heap: servers (so their CPU
 * and their in-memory files never count against the client) and measured clients (so their peak RSS is
 * their own). Children are TypeScript, run through tsx, and talk over the IPC channel.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The bench package's folder: children are started from here so `--import tsx` resolves. */
export const BENCH_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const ReplySchema = z.looseObject({
  id: z.number().optional(),
  type: z.string(),
  error: z.string().optional(),
});

/** A running child with request/response messaging. */
export interface Child {
  readonly process: ChildProcess;
  /** The first message the child sent (its `ready` message). */
  readonly ready: Record<string, unknown>;
  /** Sends `message` and resolves with the child's reply to it. */
  request(message: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Resolves with the child's final message (`done` or `error`) and its exit. */
  finished(): Promise<Record<string, unknown>>;
  /** Ends the child (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `src/children/<name>.ts` with `args` and waits for its first message. */
export async function startChild(name: string, args: readonly string[] = []): Promise<Child> {
  const child = fork(join(BENCH_ROOT, 'src', 'children', `${name}.ts`), [...args], {
    cwd: BENCH_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pending = new Map<number, (reply: Record<string, unknown>) => void>();
  const finals: Array<Record<string, unknown>> = [];
  let nextId = 1;
  let onFirst: ((message: Record<string, unknown>) => void) | undefined;
  child.on('message', (raw) => {
    const message = ReplySchema.parse(raw);
    if (onFirst) {
      const first = onFirst;
      onFirst = undefined;
      first(message);
      return;
    }
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (waiter) {
      pending.delete(message.id as number);
      waiter(message);
    } else finals.push(message);
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    onFirst = resolve;
    exited.then((code) => reject(new Error(`child ${name} exited with ${code} before it was ready`)));
  });
  if (ready.type === 'error') throw new Error(`child ${name}: ${String(ready.error)}`);
  return {
    process: child,
    ready,
    request(message) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, (reply) =>
          reply.type === 'error'
            ? reject(new Error(`child ${name}: ${String(reply.error)}`))
            : resolve(reply),
        );
        child.send({ ...message, id });
      });
    },
    async finished() {
      const code = await exited;
      const last = finals.at(-1);
      if (!last) throw new Error(`child ${name} exited with ${code} without a result`);
      if (last.type === 'error') throw new Error(`child ${name}: ${String(last.error)}`);
      return last;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** In a child: answers each request message with `handle`'s reply (or an `error` reply). */
export function serveRequests(
  handle: (message: Record<string, unknown>) => Promise<Record<string, unknown>>,
) {
  process.on('message', (raw) => {
    const message = raw as Record<string, unknown>;
    handle(message).then(
      (reply) => process.send?.({ ...reply, id: message.id }),
      (error: unknown) =>
        process.send?.({
          type: 'error',
          id: message.id,
          error: error instanceof Error ? error.stack : String(error),
        }),
    );
  });
  process.on('SIGTERM', () => process.exit(0));
}

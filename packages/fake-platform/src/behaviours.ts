// What each route of the platform does, one behaviour per operation of the route table, over the model.
import { HttpResponse } from 'msw';
import { z } from 'zod';
import { type FakePlatformModel, type JobState, type PlatformRequest, parseBody } from './model/index.js';
import type { FaultOptions } from './options.js';
import { json, type PlatformAnswer } from './platform-answer.js';
import {
  AdvanceBodySchema,
  ListQuerySchema,
  OffsetQuerySchema,
  query,
  readJson,
  WaitQuerySchema,
} from './request-input.js';
import type { OperationId } from './routes.js';

// The model validates the outcome itself; the cast only names what it expects.
type FinishOutcome = Parameters<FakePlatformModel['finishJob']>[1];

const encoder = new TextEncoder();

function streamOf<T>(iterator: AsyncIterator<T>, encode: (value: T) => Uint8Array, onCancel: () => void) {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encode(value));
    },
    async cancel() {
      onCancel();
      await iterator.return?.();
    },
  });
}

/** What a route's behaviour is given: the request, its path parameters and the signal ending it. */
export interface RouteContext {
  request: PlatformRequest;
  params: Record<string, string | readonly string[] | undefined>;
  signal: AbortSignal;
}

/** A route's behaviour: its answer, or a thrown `PlatformProblem`. */
export type RouteBehaviour = (ctx: RouteContext) => Promise<PlatformAnswer> | PlatformAnswer;

/** The behaviour of every operation, over `model`; `basePath` is the path the platform is served under. */
export function routeBehaviours(
  model: FakePlatformModel,
  basePath: string,
): Record<OperationId, RouteBehaviour> {
  const filesPrefix = `${basePath}/v1/files/`;
  const param = (ctx: RouteContext, name: string) => String(ctx.params[name] ?? '');
  const filePath = (request: PlatformRequest) => new URL(request.url).pathname.slice(filesPrefix.length);

  return {
    issueToken: async ({ request }) => {
      const body = parseBody(
        z.object({ apiKey: z.string({ error: 'must be a string' }) }),
        await readJson(request),
      );
      return json(model.issueToken(body.apiKey));
    },
    submitJob: async ({ request }) => {
      const { job, replayed } = model.submitJob(
        await readJson(request),
        request.headers.get('idempotency-key'),
      );
      return replayed ? json(job, 200, { 'Idempotent-Replayed': 'true' }) : json(job, 201);
    },
    listJobs: ({ request }) => {
      const q = query(ListQuerySchema, request);
      return json(
        model.listJobs({ limit: q.limit, states: q.state as JobState[] | undefined, cursor: q.cursor }),
      );
    },
    getJob: (ctx) => json(model.getJob(param(ctx, 'id'))),
    waitForJob: async (ctx) => {
      const q = query(WaitQuerySchema, ctx.request);
      return json(await model.waitForJob(param(ctx, 'id'), q.since, q.timeoutMs ?? 30_000, ctx.signal));
    },
    cancelJob: (ctx) => json(model.cancelJob(param(ctx, 'id'))),
    getJobLogs: (ctx) => json(model.readLogs(param(ctx, 'id'), query(OffsetQuerySchema, ctx.request).offset)),
    streamJobLogs: (ctx) => {
      const id = param(ctx, 'id');
      const { offset } = query(OffsetQuerySchema, ctx.request);
      model.getJob(id); // a missing job is a 404, not a stream that breaks at once
      const stop = new AbortController();
      ctx.signal.addEventListener('abort', () => stop.abort(), { once: true });
      const events = model.followLogs(id, offset, stop.signal);
      const body = streamOf(
        events,
        (event) => encoder.encode(`${JSON.stringify(event)}\n`),
        () => stop.abort(),
      );
      return new HttpResponse(body, {
        headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' },
      });
    },
    getJobResult: (ctx) => json(model.getResult(param(ctx, 'id'))),
    uploadFile: async ({ request }) => {
      const stored = await model.putFile(
        filePath(request),
        request.body,
        request.headers.get('x-checksum-sha256'),
      );
      return json(stored, 201);
    },
    downloadFile: ({ request }) => {
      const file = model.getFile(filePath(request));
      let next = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = file.chunks[next++];
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      });
      return new HttpResponse(body, {
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(file.size),
          'x-checksum-sha256': file.sha256,
        },
      });
    },
    createEndpoint: async ({ request }) => json(model.createEndpoint(await readJson(request)), 201),
    deleteEndpoint: (ctx) => {
      model.deleteEndpoint(param(ctx, 'name'));
      return new HttpResponse(null, { status: 204 });
    },
    getUsage: () => json(model.getUsage()),
    controlAdvanceClock: async ({ request }) => {
      const { ms } = parseBody(AdvanceBodySchema, await readJson(request));
      await model.advance(ms);
      return json({ now: new Date(model.now()).toISOString() });
    },
    controlFinishJob: async (ctx) =>
      json(model.finishJob(param(ctx, 'id'), (await readJson(ctx.request)) as FinishOutcome)),
    controlSetFaults: async ({ request }) => {
      model.setFaults((await readJson(request)) as FaultOptions);
      return json({ faults: model.faults });
    },
    controlReset: () => {
      model.reset();
      return json({ reset: true });
    },
    controlListRequests: () => json({ requests: model.requests }),
  };
}

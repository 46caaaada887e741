import { MockConnector } from '@neural/connector-mock';
import { CloudConnectionError, JobStatus, waitForCompletion, withRetry } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TELEMETRY_ATTRIBUTES as A,
  TELEMETRY_METRICS as M,
  recordRetry,
  withTelemetry,
} from '../src/index.js';

const CANARY = 'sk-canary-7f3a9c';

let spans: InMemorySpanExporter;
let tracerProvider: BasicTracerProvider;
let metrics: InMemoryMetricExporter;
let reader: PeriodicExportingMetricReader;
let meterProvider: MeterProvider;

beforeEach(() => {
  spans = new InMemorySpanExporter();
  tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
  meterProvider = new MeterProvider({ readers: [reader] });
});

afterEach(async () => {
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
});

function traced(connector = new MockConnector({ credentials: { apiKey: CANARY }, acceptApiKey: CANARY })) {
  return withTelemetry(connector, {
    tracer: tracerProvider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    platform: 'mock-a',
  });
}

/** Every data point of one metric, as `{ attributes, value }`. */
async function points(name: string) {
  await reader.forceFlush();
  const found = metrics
    .getMetrics()
    .at(-1)
    ?.scopeMetrics.flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === name);
  return (found?.dataPoints ?? []).map((point) => ({ attributes: point.attributes, value: point.value }));
}

const byName = (name: string) => spans.getFinishedSpans().filter((span) => span.name === name);

describe('withTelemetry', () => {
  it('puts a span around each call with the operation, platform, job id, outcome and retries', async () => {
    const connector = traced();
    const jobId = await connector.submitJob({ code: 'print(1)', jobName: 'one' });
    await connector.getJobStatus(jobId);
    const [submit] = byName('neural.submitJob');
    const [status] = byName('neural.getJobStatus');
    expect(submit!.attributes).toEqual({
      [A.operation]: 'submitJob',
      [A.platform]: 'mock-a',
      [A.jobId]: jobId,
      [A.outcome]: 'success',
      [A.retries]: 0,
    });
    expect(status!.attributes).toMatchObject({
      [A.operation]: 'getJobStatus',
      [A.jobId]: jobId,
      [A.outcome]: 'success',
    });
    expect(status!.status.code).toBe(1); // OK
  });

  it('records a failed call with the error code and class, and counts it as an error', async () => {
    const connector = traced();
    await expect(connector.getJobStatus('no-such-job')).rejects.toThrow();
    const [span] = byName('neural.getJobStatus');
    expect(span!.status.code).toBe(2); // ERROR
    expect(span!.attributes).toMatchObject({
      [A.outcome]: 'error',
      [A.errorCode]: 'JOB_NOT_FOUND',
      [A.errorType]: 'JobNotFoundError',
      [A.jobId]: 'no-such-job',
    });
    expect(await points(M.errors)).toEqual([
      {
        attributes: {
          [A.operation]: 'getJobStatus',
          [A.platform]: 'mock-a',
          [A.outcome]: 'error',
          [A.errorCode]: 'JOB_NOT_FOUND',
        },
        value: 1,
      },
    ]);
  });

  it('marks an aborted call as aborted', async () => {
    const connector = traced();
    const controller = new AbortController();
    controller.abort();
    await expect(connector.listJobs({ signal: controller.signal })).rejects.toThrow();
    expect(byName('neural.listJobs')[0]!.attributes[A.outcome]).toBe('aborted');
  });

  it('counts calls and records their latency per operation', async () => {
    const clock = createManualClock();
    const connector = traced(new MockConnector({ clock, queueMs: 10, durationMs: 10 }));
    const jobId = await connector.submitJob({ code: 'print(1)' });
    const done = waitForCompletion(connector, jobId, { clock, pollIntervalMs: 5 });
    await clock.advance(100);
    expect((await done).status).toBe(JobStatus.SUCCEEDED);
    const calls = await points(M.calls);
    const count = (operation: string) =>
      calls.find((point) => point.attributes[A.operation] === operation)?.value as number | undefined;
    expect(count('submitJob')).toBe(1);
    expect(count('getJobResult')).toBe(1);
    expect(count('getJobStatus')).toBe(byName('neural.getJobStatus').length);
    const durations = await points(M.duration);
    const submitDuration = durations.find((point) => point.attributes[A.operation] === 'submitJob')!
      .value as {
      count: number;
      sum: number;
    };
    expect(submitDuration.count).toBe(1);
    expect(submitDuration.sum).toBeGreaterThanOrEqual(0);
  });

  it('counts the retries a connector reports with recordRetry, as span events and a metric', async () => {
    let failures = 1;
    const inner = new MockConnector({
      overrides: {
        getLogs: () =>
          withRetry(
            async () => {
              if (failures-- > 0) throw new CloudConnectionError('flaky', { code: 'UPSTREAM_503' });
              return 'logs';
            },
            { initialDelayMs: 0, onRetry: recordRetry },
          ),
      },
    });
    const connector = traced(inner);
    expect(await connector.getLogs('job-1')).toBe('logs');
    const [span] = byName('neural.getLogs');
    expect(span!.attributes[A.retries]).toBe(1);
    expect(span!.events.map((event) => [event.name, event.attributes?.['neural.error.code']])).toEqual([
      ['retry', 'UPSTREAM_503'],
    ]);
    expect(await points(M.retries)).toEqual([
      { attributes: { [A.operation]: 'getLogs', [A.platform]: 'mock-a' }, value: 1 },
    ]);
    recordRetry({ attempt: 1, delayMs: 0 }); // outside a traced call: no effect, no throw
  });

  it('keeps the capabilities and spans a followed log stream to its end', async () => {
    const clock = createManualClock();
    const inner = new MockConnector({ clock, queueMs: 0, durationMs: 10 });
    const connector = traced(inner);
    expect(connector.capabilities).toEqual(inner.capabilities);
    const jobId = await connector.submitJob({ code: 'print("hello")' });
    await clock.advance(50);
    let text = '';
    for await (const chunk of connector.followLogs!(jobId)) text += chunk;
    expect(text).toContain('hello');
    expect(byName('neural.followLogs')[0]!.attributes).toMatchObject({
      [A.jobId]: jobId,
      [A.outcome]: 'success',
    });
  });

  it('never records credentials, code or environment values', async () => {
    const connector = traced();
    await connector.authenticate();
    const jobId = await connector.submitJob({ code: `print("${CANARY}")`, environment: { TOKEN: CANARY } });
    await connector.getJobResult(jobId);
    await connector.getJobStatus(CANARY).catch(() => {});
    await reader.forceFlush();
    const everything = JSON.stringify(
      spans.getFinishedSpans().map((span: ReadableSpan) => ({
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status,
      })),
    );
    // The one exception: a job id the caller passed is recorded as given.
    expect(everything.replaceAll(`"${A.jobId}":"${CANARY}"`, '')).not.toContain(CANARY);
    expect(JSON.stringify(metrics.getMetrics())).not.toContain(CANARY);
  });
});

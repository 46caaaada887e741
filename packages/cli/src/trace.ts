import type { Meter, Tracer } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { Output } from './output.js';

/** The tracer and meter `--trace` turns on, and how to flush them at exit. */
export interface Tracing {
  readonly tracer: Tracer;
  readonly meter: Meter;
  /** Writes the metrics and stops. */
  shutdown(): Promise<void>;
}

const nanos = ([seconds, nanoseconds]: readonly [number, number]) => seconds * 1e3 + nanoseconds / 1e6;

/**
 * A console exporter on stderr (the SDK's `ConsoleSpanExporter` writes to stdout, which belongs to the
 * command's output): one JSON line per span, through the redactor like everything else printed.
 */
class StderrSpanExporter implements SpanExporter {
  constructor(private readonly out: Output) {}

  export(spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    for (const span of spans) {
      this.out.note(
        `trace ${JSON.stringify({
          name: span.name,
          traceId: span.spanContext().traceId,
          spanId: span.spanContext().spanId,
          durationMs: Number(nanos(span.duration).toFixed(3)),
          status: span.status.code === 2 ? 'error' : 'ok',
          attributes: span.attributes,
          events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
        })}`,
      );
    }
    done({ code: 0 });
  }

  async shutdown(): Promise<void> {}
}

/** Starts tracing for `--trace`: spans to stderr as they end, metrics to stderr at exit. */
export function startTracing(out: Output): Tracing {
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(new StderrSpanExporter(out))],
  });
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracer: tracerProvider.getTracer('@neural/cli'),
    meter: meterProvider.getMeter('@neural/cli'),
    async shutdown() {
      await reader.forceFlush();
      for (const metric of metrics
        .getMetrics()
        .at(-1)
        ?.scopeMetrics.flatMap((scope) => scope.metrics) ?? []) {
        for (const point of metric.dataPoints) {
          out.note(
            `metric ${JSON.stringify({ name: metric.descriptor.name, attributes: point.attributes, value: point.value })}`,
          );
        }
      }
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    },
  };
}

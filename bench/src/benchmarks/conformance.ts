/**
 * Benchmark 7: wall time of the whole conformance suite against `MockConnector` (all in memory: the floor)
 * and against `HttpConnector` on the fake platform in this process (its MSW handlers called through the
 * connector's `fetch`, no socket), with the same short jobs and timing for both.
 */
import {
  type ConformanceReport,
  defineConformanceTarget,
  runConformance,
} from '@neural/connector-conformance';
import { HttpConnector } from '@neural/connector-http';
import { MockConnector } from '@neural/connector-mock';
import { createFakePlatform } from '@neural/fake-platform';
import { getResponse } from 'msw';
import { interleave, median, ratio } from '../stats.js';

/** Sizes of benchmark 7. */
export interface ConformanceSize {
  readonly rounds: number;
  /** Run only these clause ids or prefixes (the smoke test runs a few); all when empty. */
  readonly only?: readonly string[];
}

/** The figures of benchmark 7 (milliseconds of wall time per full run, medians over rounds). */
export interface ConformanceFigures {
  readonly clauses: number;
  readonly mockMs: number;
  readonly httpInProcessMs: number;
  readonly ratioToMock: number;
  readonly allPassed: boolean;
  /** The slowest clauses of the HTTP run, which bound the suite's time. */
  readonly slowestHttpClauses: ReadonlyArray<{ id: string; durationMs: number }>;
}

const VALID_KEY = 'sk-bench-conformance-valid';
const INVALID_KEY = 'sk-bench-conformance-refused';
const jobs = {
  succeeds: {
    code: "# @fake queue=5ms\n# @fake duration=40ms\nprint('hello bench')",
    expectedOutput: 'hello bench',
  },
  fails: { code: '# @fake duration=20ms\n# @fake fail="exit status 3"' },
  runsLong: { code: '# @fake forever' },
};
const timing = { jobTimeoutMs: 10_000, pollIntervalMs: 5, maxPollIntervalMs: 50 };
const credentials = { valid: { apiKey: VALID_KEY }, invalid: { apiKey: INVALID_KEY } };

function mockTarget() {
  return defineConformanceTarget<{ apiKey: string }>({
    name: 'MockConnector (in memory)',
    create: (given) =>
      new MockConnector({ credentials: given, acceptApiKey: VALID_KEY, queueMs: 5, durationMs: 40 }),
    credentials,
    jobs,
    timing,
  });
}

function httpInProcessTarget() {
  const platform = createFakePlatform({ apiKey: VALID_KEY });
  const fetchInProcess: typeof fetch = async (input, init) =>
    (await getResponse(platform.handlers, new Request(input, init))) ??
    new Response('no handler', { status: 404 });
  return defineConformanceTarget<{ apiKey: string }>({
    name: 'HttpConnector → fake platform (in process)',
    create: ({ apiKey }) =>
      new HttpConnector(
        { apiKey, endpoint: platform.url },
        { fetch: fetchInProcess, allowInsecureHttp: true, retry: { initialDelayMs: 5 } },
      ),
    credentials,
    jobs,
    timing,
    teardown: () => platform.model.dispose(),
  });
}

/** Runs benchmark 7. */
export async function runConformanceBench(size: ConformanceSize): Promise<ConformanceFigures> {
  const options = size.only && size.only.length > 0 ? { only: size.only } : {};
  const reports: ConformanceReport[] = [];
  const run = async (target: ReturnType<typeof mockTarget>) => {
    const report = await runConformance(target, options);
    reports.push(report);
    return report;
  };
  const rounds = await interleave(size.rounds, {
    mock: () => run(mockTarget()),
    http: () => run(httpInProcessTarget()),
  });
  const mockMs = median(rounds.mock.map((r) => r.durationMs));
  const httpMs = median(rounds.http.map((r) => r.durationMs));
  const lastHttp = rounds.http.at(-1) as ConformanceReport;
  return {
    clauses: lastHttp.summary.total,
    mockMs: Math.round(mockMs),
    httpInProcessMs: Math.round(httpMs),
    ratioToMock: ratio(httpMs, mockMs),
    allPassed: reports.every((r) => r.ok),
    slowestHttpClauses: [...lastHttp.clauses]
      .sort((a, b) => b.durationMs - a.durationMs)
      .slice(0, 3)
      .map((c) => ({ id: c.id, durationMs: Math.round(c.durationMs) })),
  };
}

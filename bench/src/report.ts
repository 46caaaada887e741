/** The figures as a Markdown table: printed by `pnpm bench` and pasted into the README. */
import type { SuiteResults } from './suite.js';

/** One row: what was measured against what, and whether its target holds. */
export interface ReportRow {
  readonly benchmark: string;
  readonly subject: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The rows of the report. */
export function reportRows(results: SuiteResults): ReportRow[] {
  const {
    callOverhead: c,
    batch: b,
    waiting: w,
    streaming: s,
    platformRps: r,
    scale: sc,
    conformance: k,
    watchMany: wm,
  } = results.benchmarks;
  const mib = (s.bytes / 1024 ** 2).toFixed(0);
  return [
    {
      benchmark: '1. Call overhead (getJobStatus)',
      subject: `HttpConnector: median ${ms(c.subject.median)}, p95 ${ms(c.subject.p95)}`,
      baseline: `bare fetch + JSON.parse, same URL: median ${ms(c.baseline.median)}, p95 ${ms(c.baseline.p95)}`,
      ratio: `${c.medianRatio}× median (${c.p95Ratio}× p95)`,
      target: '≤ 1.15× median',
      met: c.target.met,
    },
    {
      benchmark: `2. Batch submit ${b.jobs} jobs @${b.concurrency}`,
      subject: `batchSubmitJobs: ${b.subjectJobsPerSecond} jobs/s (${b.failures} failures)`,
      baseline: `bare fetch POSTs @${b.concurrency}: ${b.bareJobsPerSecond} jobs/s; seed pattern (sequential submitJob, ${b.sequentialJobsMeasured} jobs, ${b.jobs} extrapolated to ${b.sequentialSecondsFor5000Extrapolated} s): ${b.sequentialJobsPerSecond} jobs/s`,
      ratio: `${b.throughputRatioToBare}× bare (paired rounds; ${b.ratioOfMedians}× of medians), ${b.speedupOverSequential}× sequential`,
      target: '≥ 0.85× bare',
      met: b.target.met,
    },
    {
      benchmark: `3. Waiting (jobs of ${w.durationsMs.map((d) => `${d / 1000}s`).join(', ')}; floor ${w.pollFloorMs} ms)`,
      subject: `waitForCompletion (long-poll): late by median ${ms(w.subject.medianLatenessMs)} (${pct(w.subject.medianLatenessShare)}), worst ${ms(w.subject.worstLatenessMs)} (${pct(w.subject.worstLatenessShare)}); ${w.subject.totalRequests} requests. usePush: false (capped polling): median ${ms(w.capped.medianLatenessMs)} (${pct(w.capped.medianLatenessShare)}), worst ${ms(w.capped.worstLatenessMs)} (${pct(w.capped.worstLatenessShare)}); ${w.capped.totalRequests} requests`,
      baseline: `seed pattern, fixed ${w.pollFloorMs} ms polling: median ${ms(w.fixedInterval.medianLatenessMs)}, worst ${ms(w.fixedInterval.worstLatenessMs)}; ${w.fixedInterval.totalRequests} requests. Long-poll /wait (direct): median ${ms(w.longPoll.medianLatenessMs)}, worst ${ms(w.longPoll.worstLatenessMs)}; ${w.longPoll.totalRequests} requests`,
      ratio: `${w.requestRatio}× (long-poll), ${w.cappedRequestRatio}× (capped) requests of fixed polling`,
      target: '≤ 5% of duration or ≤ one floor late, fewer requests (both ways)',
      met: w.target.met && w.target.cappedMeets,
    },
    {
      benchmark: `4a. Upload ${mib} MiB`,
      subject: `uploadFile: ${s.upload.subjectMiBps} MiB/s, peak RSS +${s.upload.subjectPeakAboveIdleMiB} MiB`,
      baseline: `bare streaming fetch PUT: ${s.upload.bareMiBps} MiB/s, peak RSS +${s.upload.barePeakAboveIdleMiB} MiB`,
      ratio: `${s.upload.throughputRatio}× throughput (paired rounds; ${s.upload.ratioOfMedians}× of medians)`,
      target: '≥ 0.8×, peak < 64 MiB above idle',
      met: s.upload.throughputRatio >= 0.8 && s.upload.subjectPeakAboveIdleMiB < 64,
    },
    {
      benchmark: `4b. Download ${mib} MiB`,
      subject: `downloadFile: ${s.download.subjectMiBps} MiB/s, peak RSS +${s.download.subjectPeakAboveIdleMiB} MiB`,
      baseline: `bare streaming fetch GET to a file: ${s.download.bareMiBps} MiB/s, peak RSS +${s.download.barePeakAboveIdleMiB} MiB`,
      ratio: `${s.download.throughputRatio}× throughput (paired rounds; ${s.download.ratioOfMedians}× of medians)`,
      target: '≥ 0.8×, peak < 64 MiB above idle',
      met: s.download.throughputRatio >= 0.8 && s.download.subjectPeakAboveIdleMiB < 64,
    },
    {
      benchmark: '5. Fake platform GET /v1/jobs/{id}',
      subject: `fake platform server: ${r.platformRps} req/s`,
      baseline: `bare node:http, same JSON bytes: ${r.bareRps} req/s`,
      ratio: `${r.ratioToBare}×`,
      target: 'report (must not limit 1–4)',
      met: undefined,
    },
    {
      benchmark: `6. listJobs pages of ${sc.pageSize}`,
      subject: `${sc.large.jobs} jobs: first ${ms(sc.large.firstPageMs)}, last ${ms(sc.large.lastPageMs)} (connector first ${ms(sc.large.firstPageConnectorMs)})`,
      baseline: `${sc.small.jobs} jobs: first ${ms(sc.small.firstPageMs)}, last ${ms(sc.small.lastPageMs)} (connector first ${ms(sc.small.firstPageConnectorMs)})`,
      ratio: `first ${sc.firstPageRatio}×, last ${sc.lastPageRatio}×`,
      target: '100k ≤ 2× 1k',
      met: sc.target.met,
    },
    {
      benchmark: `7. Conformance suite (${k.clauses} clauses)`,
      subject: `HttpConnector on the in-process fake platform: ${(k.httpInProcessMs / 1000).toFixed(2)} s`,
      baseline: `MockConnector: ${(k.mockMs / 1000).toFixed(2)} s`,
      ratio: `${k.ratioToMock}×`,
      target: `report (all passed: ${k.allPassed ? 'yes' : 'NO'})`,
      met: undefined,
    },
    ...wm.runs.map((run, index) => {
      const w = run.watchJobs;
      const p = run.perJobPolling;
      const watcher = (f: typeof w) =>
        `${f.requests} requests (${f.requestsPerJob}/job); late by median ${ms(f.medianLatenessMs)}, p95 ${ms(f.p95LatenessMs)}, worst ${ms(f.worstLatenessMs)}; ${pct(f.withinBoundShare)} within 5% or ${wm.pollIntervalMs} ms; ${f.wrongStatuses} wrong statuses; peak RSS +${f.peakAboveIdleMiB} MiB`;
      const first = index === 0;
      return {
        benchmark: `8${String.fromCharCode(97 + index)}. Watch ${run.jobs} jobs of ${wm.durationRangeMs[0] / 1000}–${wm.durationRangeMs[1] / 1000} s`,
        subject: `watchJobs (${wm.requestsPerSecond} req/s budget): ${watcher(w)}`,
        baseline: p
          ? `per-job polling (watchJob, capped at 5%): ${watcher(p)}`
          : `per-job polling not run at ${run.jobs} jobs (it would outrun the fake platform)`,
        ratio: run.requestRatio === undefined ? '—' : `${run.requestRatio}× requests`,
        target: first
          ? '≤ 0.02× requests, every end within 5% or one interval'
          : `flat memory: peak above idle ≤ 2× the ${wm.runs[0]?.jobs}-job run's`,
        met: first ? wm.target.requestsAndLateness : wm.target.flatMemory,
      };
    }),
  ];
}

/** The report as a Markdown table. */
export function formatReport(results: SuiteResults): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const lines = [
    '| Benchmark | Subject | Baseline (same run) | Ratio | Target | Met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...reportRows(results).map(
      (row) =>
        `| ${[row.benchmark, row.subject, row.baseline, row.ratio, row.target, row.met === undefined ? '—' : row.met ? 'yes' : '**no**'].map(cell).join(' | ')} |`,
    ),
  ];
  const m = results.machine;
  lines.push(
    '',
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; load average ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end; started ${results.startedAt}, ${results.wallSeconds} s in all.`,
  );
  return lines.join('\n');
}

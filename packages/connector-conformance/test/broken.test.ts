import { AuthenticationError, type Connector } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { ClauseContext, CONFORMANCE_CLAUSES, runConformance } from '../src/index.js';
import { DeleteEndpointSwallowsErrorsConnector, RefusesOnlyInAuthenticateConnector } from './broken/auth.js';
import { DurationInMillisecondsConnector } from './broken/durations.js';
import {
  RereadsLogPageWhileRunningConnector,
  ResultShowsOutputBeforeStartConnector,
  ShowsOutputBeforeStartConnector,
} from './broken/early-logs.js';
import { DeleteNeverDeployedThrowsConnector, SendsAnyEndpointNameConnector } from './broken/endpoints.js';
import {
  DownloadLetsNodeErrorsEscapeConnector,
  UploadsNothingForMissingFileConnector,
} from './broken/files.js';
import {
  FollowIgnoresCancelConnector,
  FollowIgnoresOffsetConnector,
  FollowRefusesOffsetZeroConnector,
  FollowRepeatsLogConnector,
  FollowTakesAnyOffsetConnector,
  FollowZeroMeansNewOnlyConnector,
} from './broken/follow.js';
import {
  DefaultForUnknownIdConnector,
  FilterForgetsStatusesWithoutStateConnector,
  FilterSeesRecentJobsOnlyConnector,
  IgnoresLimitConnector,
  IgnoresStatusFilterConnector,
  LimitBeforeFilterConnector,
} from './broken/jobs.js';
import { CorruptDownloadConnector, GenericErrorForUnsupportedConnector } from './broken/optional.js';
import {
  CrossesOutputsByNameConnector,
  FollowMissesLastLinesConnector,
  KeepsFirstLineOfOutputConnector,
  NegativeDurationWhenCancelledEarlyConnector,
} from './broken/result.js';
import {
  FollowIgnoresAbortConnector,
  IgnoresPreAbortedSignalConnector,
  LeaksKeyInErrorConnector,
  LeaksKeyInJsonConnector,
  LetsNodeErrorsEscapeConnector,
} from './broken/safety.js';
import { MyPlatformConnector } from './broken/seed.js';
import {
  CancelRewritesFinishedConnector,
  FailureWithoutErrorConnector,
  ListsFinishingAsSucceededConnector,
  RawStateConnector,
  RequeueReadsFailedConnector,
  TerminalChangesConnector,
} from './broken/status.js';
import {
  IgnoresIdempotencyKeyConnector,
  RacyIdConnector,
  TruncatesEnvironmentConnector,
  ValidatesTooLateConnector,
} from './broken/submit.js';
import { unclaimedSkips } from './support/applicable.js';
import {
  InMemoryPlatform,
  ReferenceConnector,
  type ReferenceCredentials,
} from './support/reference-connector.js';
import { FAST_TIMING, INVALID_KEY, memoryTarget, VALID_KEY } from './support/target.js';

function referenceConnector(): Connector {
  return new ReferenceConnector({ apiKey: VALID_KEY }, new InMemoryPlatform(VALID_KEY));
}

type Make = new (credentials: ReferenceCredentials, platform: InMemoryPlatform) => Connector;

/**
 * Each broken connector, the one clause it breaks, any clause that no longer applies to it, and any later
 * clause that sees the same bug from another situation (`alsoBreaks`).
 */
const BROKEN: Array<{ connector: Make; breaks: string; alsoSkipped?: string[]; alsoBreaks?: string[] }> = [
  {
    connector: RacyIdConnector,
    breaks: 'submit.unique-ids-concurrent',
    // Its five concurrent submits share an id: the running job is listed as the finished one.
    alsoBreaks: ['list.filters-every-status'],
  },
  { connector: ValidatesTooLateConnector, breaks: 'submit.rejects-invalid-input' },
  { connector: IgnoresIdempotencyKeyConnector, breaks: 'submit.idempotency-key' },
  { connector: RawStateConnector, breaks: 'status.values-in-enum' },
  { connector: TruncatesEnvironmentConnector, breaks: 'submit.environment-reaches-job' },
  { connector: ListsFinishingAsSucceededConnector, breaks: 'status.transitions-legal' },
  { connector: RequeueReadsFailedConnector, breaks: 'status.requeue-reads-pending' },
  { connector: TerminalChangesConnector, breaks: 'status.terminal-is-final' },
  { connector: FailureWithoutErrorConnector, breaks: 'result.failed-has-error' },
  { connector: NegativeDurationWhenCancelledEarlyConnector, breaks: 'result.durations-non-negative' },
  { connector: KeepsFirstLineOfOutputConnector, breaks: 'result.holds-output' },
  { connector: CrossesOutputsByNameConnector, breaks: 'isolation.concurrent-jobs' },
  { connector: CancelRewritesFinishedConnector, breaks: 'cancel.finished-job-unchanged' },
  { connector: DefaultForUnknownIdConnector, breaks: 'ids.unknown-raises-not-found' },
  { connector: IgnoresLimitConnector, breaks: 'list.honours-limit' },
  // A filter broken for every status is broken for each status too.
  {
    connector: IgnoresStatusFilterConnector,
    breaks: 'list.honours-status-filter',
    alsoBreaks: ['list.filters-every-status'],
  },
  { connector: LimitBeforeFilterConnector, breaks: 'list.honours-status-filter' },
  {
    connector: FilterSeesRecentJobsOnlyConnector,
    breaks: 'list.honours-status-filter',
    alsoBreaks: ['list.filters-every-status'],
  },
  { connector: FollowMissesLastLinesConnector, breaks: 'logs.follow-yields-output' },
  {
    connector: GenericErrorForUnsupportedConnector,
    breaks: 'optional.unclaimed-not-supported',
    alsoSkipped: ['files.round-trip'],
  },
  { connector: CorruptDownloadConnector, breaks: 'files.round-trip' },
  { connector: LeaksKeyInErrorConnector, breaks: 'secrets.not-in-errors' },
  { connector: LeaksKeyInJsonConnector, breaks: 'secrets.not-in-connector' },
  { connector: IgnoresPreAbortedSignalConnector, breaks: 'abort.pre-aborted-rejects' },
  { connector: FollowIgnoresAbortConnector, breaks: 'abort.in-flight-follow' },
  // Found by the mutation run (tests/mutation, MUTATION.md): each stands for a class of surviving mutant.
  { connector: SendsAnyEndpointNameConnector, breaks: 'endpoints.rejects-invalid-name' },
  { connector: FollowIgnoresCancelConnector, breaks: 'logs.follow-ends-on-cancel' },
  { connector: FollowRepeatsLogConnector, breaks: 'logs.follow-yields-log-once' },
  { connector: FollowIgnoresOffsetConnector, breaks: 'logs.follow-yields-log-once' },
  { connector: FollowTakesAnyOffsetConnector, breaks: 'logs.follow-rejects-bad-offset' },
  { connector: DurationInMillisecondsConnector, breaks: 'result.duration-fits-the-run' },
  { connector: UploadsNothingForMissingFileConnector, breaks: 'files.upload-missing-local-rejects' },
  { connector: DownloadLetsNodeErrorsEscapeConnector, breaks: 'files.download-unwritable-rejects' },
  { connector: LetsNodeErrorsEscapeConnector, breaks: 'errors.are-cloud-exceptions' },
  // The gaps the mutation run left (MUTATION.md, "The gaps left"), each closed by a clause of contract 1.3.0.
  { connector: RefusesOnlyInAuthenticateConnector, breaks: 'auth.refused-by-every-call' },
  { connector: DeleteEndpointSwallowsErrorsConnector, breaks: 'auth.refused-by-every-call' },
  { connector: FilterForgetsStatusesWithoutStateConnector, breaks: 'list.filters-every-status' },
  { connector: DeleteNeverDeployedThrowsConnector, breaks: 'endpoints.delete-unknown-resolves-false' },
  { connector: FollowRefusesOffsetZeroConnector, breaks: 'logs.follow-from-offset-zero' },
  { connector: FollowZeroMeansNewOnlyConnector, breaks: 'logs.follow-from-offset-zero' },
  // The gaps the 2026-11-30 mutation run named, closed by contract 1.4.0.
  {
    connector: RereadsLogPageWhileRunningConnector,
    breaks: 'logs.early-reads-hold-only-what-was-written',
  },
  { connector: ShowsOutputBeforeStartConnector, breaks: 'logs.early-reads-hold-only-what-was-written' },
  {
    connector: ResultShowsOutputBeforeStartConnector,
    breaks: 'logs.early-reads-hold-only-what-was-written',
  },
];

/** What each new clause's failure must say, so the report names the reason and the call, not only the clause. */
const REASONS: Record<string, { actual: RegExp; call: RegExp }> = {
  RefusesOnlyInAuthenticateConnector: { actual: /^it resolved with /, call: /^connector\.submitJob\(/ },
  DeleteEndpointSwallowsErrorsConnector: {
    actual: /^it resolved with false$/,
    call: /^connector\.deleteEndpoint\(/,
  },
  FilterForgetsStatusesWithoutStateConnector: {
    actual: /as "(succeeded|failed|cancelled|running)"/,
    call: /^connector\.listJobs\(\{ statusFilter: "pending"/,
  },
  DeleteNeverDeployedThrowsConnector: {
    actual: /^it rejected with CloudExecutionError/,
    call: /^connector\.deleteEndpoint\(.* of a name never deployed$/,
  },
  FollowRefusesOffsetZeroConnector: {
    actual: /^it rejected with InvalidParameterError/,
    call: /\{ fromOffset: 0 \}/,
  },
  FollowZeroMeansNewOnlyConnector: { actual: /^it yielded 0: ""$/, call: /\{ fromOffset: 0 \}/ },
  RereadsLogPageWhileRunningConnector: {
    actual: /was read 2 time\(s\) then, but is 1 time\(s\) in the finished log/,
    // Read while running, or while it went from pending to running (it may start between the two status reads).
    call: /^connector\.getLogs\(.*\) while the job (was|went from "pending" to) "running"$/,
  },
  ShowsOutputBeforeStartConnector: {
    actual: /^they were "hello conformance\\n"$/,
    call: /^connector\.getLogs\(.*\) while the job was "pending", before it started$/,
  },
  ResultShowsOutputBeforeStartConnector: {
    actual: /^the output was "hello conformance"$/,
    call: /^connector\.getJobResult\(.*\) while the job was "pending", before it started$/,
  },
};

describe('the suite catches a connector that breaks one clause', () => {
  // Concurrent: each run mostly waits on its jobs' millisecond timers.
  it.concurrent.each(BROKEN)(
    '$connector.name fails $breaks, and only it',
    async ({ connector: Broken, breaks, alsoSkipped = [], alsoBreaks = [] }) => {
      const report = await runConformance(
        memoryTarget((credentials, platform) => new Broken(credentials, platform)),
      );
      const byOutcome = (outcome: string) =>
        report.clauses.filter((c) => c.outcome === outcome).map((c) => c.id);
      // Any other failure is shown with its message, so a flake says what it was.
      expect(
        report.clauses
          .filter((c) => c.outcome === 'failed')
          .map((c) => (c.id === breaks || alsoBreaks.includes(c.id) ? c.id : c.failure?.message)),
      ).toEqual([breaks, ...alsoBreaks]);
      const expectedSkips = Object.keys(unclaimedSkips(report.capabilities));
      expect(byOutcome('skipped').sort()).toEqual(
        [...new Set([...expectedSkips, ...alsoSkipped])].filter((id) => id !== breaks).sort(),
      );
      expect(byOutcome('passed')).toHaveLength(
        CONFORMANCE_CLAUSES.length - 1 - alsoBreaks.length - byOutcome('skipped').length,
      );
      expect(report.ok).toBe(false);

      const failure = report.clauses.find((c) => c.id === breaks)?.failure;
      expect(failure?.message).toContain(`[${breaks}]`);
      expect(failure?.expected).not.toBe('');
      expect(failure?.actual).not.toBe('');
      expect(failure?.call).toMatch(/connector\.|listJobs|JSON|inspect|String/);
      const reason = REASONS[Broken.name];
      if (reason) {
        expect(failure?.actual).toMatch(reason.actual);
        expect(failure?.call).toMatch(reason.call);
      }
      expect(JSON.stringify(report)).not.toContain(VALID_KEY);
      expect(JSON.stringify(report)).not.toContain(INVALID_KEY);
    },
  );

  it('covers every clause that a single-method bug can break, so no check is untested', () => {
    const covered = new Set(BROKEN.map((entry) => entry.breaks));
    // A clause whose capability the reference connector does not claim cannot be broken through it.
    const notApplicable = unclaimedSkips(
      ClauseContext.claimedCapabilities(referenceConnector(), memoryTarget()),
    );
    const uncovered = CONFORMANCE_CLAUSES.map((clause) => clause.id).filter(
      (id) => !covered.has(id) && !(id in notApplicable && id !== 'optional.unclaimed-not-supported'),
    );
    // These need a connector broken in its whole shape (see the seed connector below) or a wrong target.
    expect(uncovered).toEqual([
      'auth.valid-credentials',
      'auth.invalid-credentials',
      'submit.returns-id',
      'submit.unique-ids',
      'status.outcome-matches-job',
      'result.agrees-with-status',
      'logs.hold-output',
      'cancel.stops-running-job',
      'cancel.stops-pending-job',
      'list.includes-new-job',
      'list.rejects-invalid-options',
      'endpoints.deploy-then-delete',
      'usage.reports-values',
    ]);
  });
});

describe("the seed's MyPlatformConnector (always job-123, always RUNNING)", () => {
  it('fails the contract, clause by clause', async () => {
    const report = await runConformance({
      name: 'seed MyPlatformConnector',
      create: (credentials: { apiKey: string; endpoint: string }) => new MyPlatformConnector(credentials),
      credentials: {
        valid: { apiKey: VALID_KEY, endpoint: 'https://api.myplatform.com' },
        invalid: { apiKey: INVALID_KEY, endpoint: 'https://api.myplatform.com' },
      },
      jobs: memoryTarget().jobs,
      timing: { ...FAST_TIMING, jobTimeoutMs: 60 },
    } as Parameters<typeof runConformance>[0]);
    const failed = report.clauses.filter((c) => c.outcome === 'failed').map((c) => c.id);
    expect(report.ok).toBe(false);
    expect(failed).toEqual(
      expect.arrayContaining([
        'auth.invalid-credentials',
        'submit.unique-ids',
        'submit.unique-ids-concurrent',
        'submit.rejects-invalid-input',
        'status.terminal-is-final',
        'cancel.stops-running-job',
        'ids.unknown-raises-not-found',
        'list.includes-new-job',
        'list.rejects-invalid-options',
        'abort.pre-aborted-rejects',
      ]),
    );
    expect(report.clauses.find((c) => c.id === 'submit.unique-ids')?.failure?.actual).toContain(
      '"job-123" was returned twice',
    );
  });
});

describe('a connector not built on BaseConnector (no core scrubbing)', () => {
  it('that puts the refused key in its error message fails secrets.not-in-errors', async () => {
    const target = memoryTarget((credentials, platform) => {
      const inner = new ReferenceConnector(credentials, platform);
      // A plain object implementing the contract, as a connector with its own copy of core might.
      const plain: Connector = {
        capabilities: inner.capabilities,
        authenticate: async (options) => {
          if (await inner.authenticate(options)) return true;
          throw new AuthenticationError(`API key ${credentials.apiKey} was refused`);
        },
        submitJob: (request) => inner.submitJob(request),
        getJobStatus: (id, options) => inner.getJobStatus(id, options),
        getJobResult: (id, options) => inner.getJobResult(id, options),
        cancelJob: (id, options) => inner.cancelJob(id, options),
        listJobs: (options) => inner.listJobs(options),
        getLogs: (id, options) => inner.getLogs(id, options),
        uploadFile: (local, remote, options) => inner.uploadFile(local, remote, options),
        downloadFile: (remote, local, options) => inner.downloadFile(remote, local, options),
        deployModel: (path, name, options) => inner.deployModel(path, name, options),
        deleteEndpoint: (name, options) => inner.deleteEndpoint(name, options),
        getResourceUsage: (options) => inner.getResourceUsage(options),
        followLogs: (id, options) => inner.followLogs(id, options),
      };
      return plain;
    });
    const report = await runConformance(target, { only: ['secrets.', 'auth.'] });
    expect(report.clauses.map((c) => [c.id, c.outcome])).toEqual([
      ['auth.valid-credentials', 'passed'],
      ['auth.invalid-credentials', 'passed'],
      ['auth.refused-by-every-call', 'passed'],
      ['secrets.not-in-connector', 'passed'],
      ['secrets.not-in-errors', 'failed'],
    ]);
    const failure = report.clauses.find((c) => c.id === 'secrets.not-in-errors')?.failure;
    expect(failure?.call).toBe('connector.authenticate({ signal: <signal> })');
    expect(failure?.actual).toContain('the message of AuthenticationError contains one');
    expect(failure?.actual).toContain('[REDACTED]');
    expect(failure?.actual).not.toContain(INVALID_KEY);
  });
});

/**
 * Why a mutant the conformance suite does not kill is not a gap in the suite, written down once per class of
 * mutant. A rule matches a surviving mutant by connector, the text of its source line, and optionally its
 * mutator and replacement. Kinds:
 *
 * - `equivalent`: no call of the contract, with any argument its types allow, can tell the mutant apart.
 * - `outside`: the mutant changes only what the contract does not promise (log prose, the platform's own state
 *   words, how long a job queues, error codes). A clause that killed it would hold connectors to the mock's
 *   choices, not to the contract.
 *
 * Both are left out of the "non-equivalent" score. A survivor no rule explains is a gap: a clause should kill it.
 */
export const RULES = [
  // ---------------------------------------------------------------------------------------------------------
  // MockConnector: equivalent
  {
    connector: 'connector-mock',
    line: /\(\) => assertJobId\(jobId\)/,
    mutator: 'ArrowFunction',
    kind: 'equivalent',
    reason: 'the id is asserted again by #job() before any lookup',
  },
  {
    connector: 'connector-mock',
    line: /options\?\.signal/,
    mutator: 'OptionalChaining',
    kind: 'equivalent',
    reason: 'options defaults to {}; the contract types do not admit null',
  },
  {
    connector: 'connector-mock',
    line: /let key = '';/,
    kind: 'equivalent',
    reason: 'overwritten by the validation before it is read',
  },
  {
    connector: 'connector-mock',
    line: /if \(key !== undefined\)/,
    kind: 'equivalent',
    reason:
      'one guard of a pair: the idempotency map is only read under undefined if the other guard also fails',
  },
  {
    connector: 'connector-mock',
    line: /Object\.freeze\(\{$/,
    mutator: 'ObjectLiteral',
    kind: 'equivalent',
    reason: 'the endpoint record is read only by the getEndpoint() test accessor, never by the contract',
  },
  {
    connector: 'connector-mock',
    line: /if \(now < job\.startAt\)/,
    mutator: 'EqualityOperator',
    kind: 'equivalent',
    reason: 'the boundary instant (< vs <=) of a clock read in milliseconds',
  },
  {
    connector: 'connector-mock',
    line: /error: view\.status === JobStatus\.FAILED/,
    kind: 'equivalent',
    reason: 'for a job that did not fail both sides are undefined (no fail directive, no failJob message)',
  },
  {
    connector: 'connector-mock',
    line: /const stream: LogStream = \{/,
    kind: 'equivalent',
    reason: 'wake and broken are assigned before they are read',
  },
  {
    connector: 'connector-mock',
    method: /^#(streamLogs|waitForChange)$/,
    line: /^\s*\} finally \{$/,
    kind: 'equivalent',
    reason: 'clean-up of a finished stream (its wake is a no-op once it returned)',
  },
  {
    connector: 'connector-mock',
    line: /const next = this\.#plannedLog\(job\)|\.map\(\(entry\) => entry\.at\)|\.filter\(\(at\) => at > now\)/,
    kind: 'equivalent',
    reason: 'when the stream wakes next: earlier only polls more often, the end (endAt) is always a wake-up',
  },
  {
    connector: 'connector-mock',
    line: /if \(Number\.isFinite\(delayMs\)\)/,
    kind: 'equivalent',
    reason:
      'sleep(Infinity) fires at once (timer overflow): the stream polls instead of waiting; same chunks',
  },
  {
    connector: 'connector-mock',
    line: /if \(combined\.aborted\) reject|combined\.addEventListener\('abort'/,
    kind: 'equivalent',
    reason:
      'the promise settles once; the listener option and the pre-check only matter for an already-settled wait',
  },
  {
    connector: 'connector-mock',
    method: /^#waitForChange$/,
    line: /^\s*\} catch \(error\) \{$|if \(!woken\.signal\.aborted\) throw error|if \(signal\?\.aborted\) throw new OperationAbortedError/,
    kind: 'equivalent',
    reason: "an abort of the caller's signal is rethrown by throwIfAborted at the top of the loop either way",
  },
  // MockConnector: outside the contract
  {
    connector: 'connector-mock',
    line: /rawState:|status === 'cancelled'$/,
    kind: 'outside',
    reason: "rawState is the platform's own word, carried and never interpreted",
  },
  {
    connector: 'connector-mock',
    line: /isoAt\(|const where = |const entries: LogEntry\[\] = \[|if \(job\.ended && job\.ended\.at <= now\)|entries\.push\(\{$|directives\.fail === undefined$|if \(directives\.output !== undefined\) entries\.push|\.join\(''\);/,
    kind: 'outside',
    reason:
      "the mock's lifecycle log lines (queued, started, succeeded, cancelled) and their layout; the contract promises the output in the logs, not this prose",
  },
  {
    connector: 'connector-mock',
    line: /const startAt = submittedAt \+|: startAt \+ \(directives\.durationMs|if \(now < job\.startAt\)/,
    kind: 'outside',
    reason:
      "how long a job queues and runs is the platform's: zero or negative phases are still legal lifecycles",
  },
  {
    connector: 'connector-mock',
    line: /completedRun: false/,
    kind: 'outside',
    reason:
      "what an unfinished job's result shows (partial output is legal); the target's cancelled job prints nothing",
  },
  {
    connector: 'connector-mock',
    line: /const startedAt = job\.ended\.at >= job\.startAt|view\.startedAt === undefined|view\.finishedAt === undefined|Math\.max\(0, \(view\.finishedAt \?\? now\) - view\.startedAt\) \/ 1000/,
    mutator: /ConditionalExpression|EqualityOperator|MethodExpression/,
    kind: 'outside',
    reason:
      'a duration of 0 or none for a job that ran: the contract bounds durations (≥ 0, fits the run), it cannot know the exact run time',
  },
  {
    connector: 'connector-mock',
    line: /artifacts: view\.completedRun|metrics: view\.completedRun/,
    kind: 'outside',
    reason: "metrics and artifacts: the target's jobs declare none, and an unfinished job's are not promised",
  },
  {
    connector: 'connector-mock',
    line: /logsUrl:/,
    kind: 'outside',
    reason: 'logsUrl is informative; the contract does not promise its form',
  },
  {
    connector: 'connector-mock',
    line: /if \(this\.#endpoints\.has\(endpointName\)\)/,
    kind: 'outside',
    reason: 'deploying a name that exists: the contract does not say whether it replaces or refuses',
  },
  {
    connector: 'connector-mock',
    line: /fingerprint|request\.jobName \?\? null/,
    kind: 'outside',
    reason: 'a reused idempotency key with a different request: the contract does not say what happens',
  },
  {
    connector: 'connector-mock',
    line: /if \(method !== 'authenticate' && !this\.#keyAccepted\(\)\)/,
    mutator: 'StringLiteral',
    kind: 'outside',
    reason:
      'authenticate() may refuse a key with false or with AuthenticationError (auth.invalid-credentials accepts both)',
  },
  {
    connector: 'connector-mock',
    line: /readFile\(localPath, \{ signal|writeFile\(temporary, bytes, \{ signal/,
    kind: 'outside',
    reason:
      'an abort landing inside a local disk read or write; the contract promises a pre-aborted signal rejects and an aborted follow stops',
  },
  {
    connector: 'connector-mock',
    line: /if \(!bytes\) throw new CloudExecutionError/,
    kind: 'outside',
    reason:
      'a missing remote file still rejects with CloudExecutionError (DOWNLOAD_FAILED instead of FILE_NOT_FOUND): only the code differs',
  },
  {
    connector: 'connector-mock',
    line: /availableGpus: Math\.max|availableCpus: Math\.max/,
    kind: 'outside',
    reason:
      "how much is available is the platform's figure; the contract promises usage values, not their arithmetic",
  },
  {
    connector: 'connector-mock',
    line: /if \(this\.#acceptApiKey !== undefined\)|return this\.#invalidApiKey === undefined/,
    kind: 'outside',
    reason: 'MockConnector options the target does not use (it sets acceptApiKey, never invalidApiKey)',
  },
  {
    connector: 'connector-mock',
    line: /directives\.logs\.forEach|entries\.push\(\{ at: job\.startAt \+ Math\.floor|const span = /,
    kind: 'outside',
    reason: "the # @fake log= lines, which the target's jobs do not use, and where they fall in time",
  },
  {
    connector: 'connector-mock',
    line: /const until = job\.ended \? Math\.min|const entries = this\.#plannedLog\(job\)\.filter/,
    kind: 'outside',
    reason:
      "which lines an unfinished job's log shows early: the contract promises the output once the job has finished, not its absence before",
  },
];

/** The rule explaining `mutant` (on `line`, in `method`), or undefined. */
export function explain(connector, method, line, mutant) {
  return RULES.find(
    (rule) =>
      rule.connector === connector &&
      rule.line.test(line) &&
      (rule.method === undefined || rule.method.test(method ?? '')) &&
      (rule.mutator === undefined ||
        (typeof rule.mutator === 'string'
          ? rule.mutator === mutant.mutatorName
          : rule.mutator.test(mutant.mutatorName))) &&
      (rule.replacement === undefined || rule.replacement.test(mutant.replacement ?? '')),
  );
}

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
    reason: "the id is asserted again by the job store's get() before any lookup",
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
    line: /if \(now < job\.startAt\)|if \(now < job\.endAt\)|\.filter\(\(entry\) => entry\.at <= until\)/,
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
    method: /^#?(streamLogs|waitForChange)$/,
    line: /^\s*\} finally \{$/,
    kind: 'equivalent',
    reason: 'clean-up of a finished stream (its wake is a no-op once it returned)',
  },
  {
    connector: 'connector-mock',
    line: /const next = plannedLog\(job\b|\.map\(\(entry\) => entry\.at\)|\.filter\(\(at\) => at > now\)/,
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
    line: /rawState:/,
    kind: 'outside',
    reason: "rawState is the platform's own word, carried and never interpreted",
  },
  {
    connector: 'connector-mock',
    line: /isoAt\(|const where = |const entries: LogEntry\[\] = \[|if \(job\.ended && job\.ended\.at <= now\)|entries\.push\(\{$|directives\.fail === undefined$|if \(directives\.output !== undefined\) entries\.push|\.join\(''\);|status === 'cancelled'$/,
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
    line: /readFile\(localPath, \{ signal|writeFileAtomic\(target, bytes, \{ mode: 0o666, signal \}\)/,
    kind: 'outside',
    reason:
      "an abort landing inside a local disk read or write (the contract promises a pre-aborted signal rejects and an aborted follow stops), and the downloaded file's permission bits, which the contract does not state",
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
    line: /if \(rules\.acceptApiKey !== undefined\)|return rules\.invalidApiKey === undefined/,
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
    line: /const until = job\.ended \? Math\.min/,
    kind: 'outside',
    reason:
      "the mock's planned lines after a job ended early (its cancelled runsLong job prints nothing, so only lifecycle prose such as 'started' appears): the contract cannot say which platform lines follow a cancel",
  },
  {
    connector: 'connector-mock',
    line: /^\s*\[[\w\s,]*\],\s*$|const args: MockArgs|\bchunks\b|if \(after\) throw after|if \(stream\.broken\) throw|#calls|\bcall\.(state|result|error)\b|const call: MutableCall|#injections|\binjection\b|\binjected\b|#maybeHang/,
    kind: 'outside',
    reason:
      "MockConnector's test controls and call record (connector.calls, overrides, failNext, hang, breakLogStreams); no contract method reads them",
  },
  {
    connector: 'connector-mock',
    line: /await this\.#prepare\('followLogs'|#overrides/,
    mutator: /StringLiteral|ObjectLiteral/,
    kind: 'outside',
    reason:
      "the method name MockConnector's test controls are keyed by, and the override it resolves: no contract method reads them",
  },
  {
    connector: 'connector-mock',
    method: /^(followLogs|callStream)$/,
    line: /^\s*\} finally \{$/,
    kind: 'outside',
    reason: 'records a stream the consumer stopped early in connector.calls (a test control)',
  },
  {
    connector: 'connector-mock',
    line: /\boverridden\b/,
    mutator: 'ConditionalExpression',
    kind: 'outside',
    reason:
      "MockConnector's overrides (a test control): with none set, the in-memory behaviour runs either way",
  },
  {
    connector: 'connector-mock',
    line: /if \(typeof endpointName !== 'string' \|\| !ENDPOINT_NAME\.test\(endpointName\)\)/,
    replacement: /^false$/,
    kind: 'equivalent',
    reason:
      "the typeof half of the check: the contract's types make endpointName a string, and the pattern refuses the rest",
  },
  {
    connector: 'connector-mock',
    line: /const code = \(error as NodeJS\.ErrnoException\)\.code \?\? 'unreadable'/,
    kind: 'outside',
    reason: "the code quoted in the error's rule text; the error is an InvalidParameterError either way",
  },
  {
    connector: 'connector-mock',
    method: /^#prepare$/,
    line: /if \(method !== 'authenticate' && !this\.#keyAccepted\(\)\)/,
    mutator: 'ConditionalExpression',
    replacement: /^true$/,
    kind: 'outside',
    reason:
      'authenticate() may refuse a key with false or with AuthenticationError (auth.invalid-credentials accepts both)',
  },
  {
    connector: 'connector-mock',
    method: /^(getResourceUsage|usage|mockResourceUsage)$/,
    line: /./,
    kind: 'outside',
    reason:
      "which figures getResourceUsage() reports and how it counts them is the platform's: the contract promises a plain object of finite values (usage.reports-values)",
  },

  // ---------------------------------------------------------------------------------------------------------
  // HttpConnector: equivalent
  {
    connector: 'connector-http',
    line: /const filtersHere = |limit: filtersHere \? 1000 : limit - jobs\.length|\} while \(cursor !== undefined && jobs\.length < limit\)|return jobs\.slice\(0, limit\)/,
    kind: 'equivalent',
    reason:
      'page sizes and when paging stops: the connector filters and cuts to the limit on its side either way',
  },
  {
    connector: 'connector-http',
    line: /state: states\.join\(','\) \|\| undefined/,
    mutator: 'LogicalOperator',
    kind: 'equivalent',
    reason: 'without the server-side filter the connector filters every page itself',
  },
  {
    connector: 'connector-http',
    line: /if \(page\.complete \|\| page\.nextOffset === offset\) return logs/,
    method: /^getLogs$/,
    kind: 'equivalent',
    reason:
      'equivalent through this platform: the fake platform answers a log read with all that is written, so a second page is always empty and ends the loop either way',
  },
  {
    connector: 'connector-http',
    line: /async \(response\) => discardBody\(response\)/,
    kind: 'outside',
    reason:
      "releasing the empty body of a DELETE's answer: the connection's hygiene, which no call of the contract observes",
  },
  {
    connector: 'connector-http',
    line: /expiresAtMs: this\.#clock\.now\(\) \+ token\.expiresIn \* 1000/,
    kind: 'equivalent',
    reason: 'a token thought to expire early is only fetched again sooner',
  },
  {
    connector: 'connector-http',
    line: /if \(!Number\.isInteger\(offset\) \|\| offset < 0\)|if \(typeof modelPath !== 'string' \|\| modelPath\.trim\(\) === ''\)|if \(typeof name !== 'string' \|\| !ENDPOINT_NAME\.test\(name\)\)/,
    kind: 'equivalent',
    reason:
      'equivalent through this platform: the fake platform refuses the same input with a 400 that maps to the same InvalidParameterError; only "before anything is sent" differs, which the suite cannot see',
  },
  {
    connector: 'connector-http',
    line: /method: 'GET',/,
    mutator: 'StringLiteral',
    kind: 'equivalent',
    reason:
      "equivalent in process only: MSW's fetch interceptor sends an empty method as GET (measured), where Node's fetch throws a TypeError; the conformance run over a real socket (connector-http's conformance.test.ts) would fail it",
  },
  // HttpConnector: outside the contract
  {
    connector: 'connector-http',
    line: /operation: '|this\.#context\('|const context = this\.#context\(/,
    kind: 'outside',
    reason: "the operation's name in error messages and logs",
  },
  {
    connector: 'connector-http',
    line: /idempotent: true/,
    kind: 'outside',
    reason:
      'whether a failed request is retried; the suite runs against a platform that does not fail requests (the connector tests cover retries)',
  },
  {
    connector: 'connector-http',
    line: /headers: \{ accept: |headers: \{ 'content-type': 'application\/octet-stream'|streaming: true/,
    kind: 'outside',
    reason:
      'HTTP negotiation and per-attempt timeouts of streamed bodies, which the in-process fake platform does not enforce',
  },
  {
    connector: 'connector-http',
    line: /if \(page\.nextCursor !== null && page\.nextCursor === cursor\)|if \(page\.nextOffset < offset\)|if \(!body\) throw invalidResponse|if \(stored\.size !== local\.size|const length = response\.headers|const identity = !response\.headers|size: length !== null && identity|sha256: response\.headers\.get|^\s*\{$|\{ quote: false \}|writeResponseDownload\(response, localPath, \{$/,
    kind: 'outside',
    reason:
      'guards against a platform that answers wrongly (a cursor that does not advance, a short or corrupt body, a checksum that does not match, a token response to hide); the suite runs a correct platform, the connector tests break it on purpose',
  },
  {
    connector: 'connector-http',
    line: /if \(CloudExecutionError\.isInstance\(error\) && error\.code === 'ENDPOINT_NOT_FOUND'\) return false/,
    mutator: /LogicalOperator|ConditionalExpression/,
    replacement: /\|\||^true$/,
    kind: 'outside',
    reason:
      'a delete the platform refuses for a reason other than "no such endpoint" (another CloudExecutionError) read as false: the suite cannot make a platform refuse a delete, and the fake platform refuses none',
  },
  {
    connector: 'connector-http',
    line: /let state = candidates\.length === 1 \? candidates\[0\] : undefined/,
    kind: 'equivalent',
    reason:
      'whether the first long-poll already names the state to wait on: without it the platform answers at once and the next request waits on the state it answered; one request more, the same answer',
  },
  {
    connector: 'connector-http',
    line: /timeoutMs: state === undefined \? undefined : Math\.min\(remaining, longPollMs\)/,
    kind: 'equivalent',
    reason:
      'a timeoutMs sent without since: the platform answers a wait without since at once (docs/platform-api.md), whatever its timeout',
  },
  {
    connector: 'connector-http',
    line: /if \(clock\.now\(\) >= deadline\) return Object\.freeze\(\{ status, changed: false \}\)/,
    mutator: 'EqualityOperator',
    kind: 'equivalent',
    reason:
      'the deadline instant itself (>= or >): one more request then carries timeoutMs 0, which the platform answers at once with the same status',
  },
  // HttpConnector's error table (errors.ts): which platform answer becomes which error.
  {
    connector: 'connector-http',
    line: /describe: \(problem\) =>|\[problem\.code, \[problem\.title, problem\.detail\]|\.join\(' '\),$/,
    kind: 'outside',
    reason:
      "the wording of an error's message (the platform's code, title and detail): the clauses check an error's type, never its words",
  },
  {
    connector: 'connector-http',
    line: /const code = \(failure: FailedResponse<Problem>\) => failure\.payload\?\.code/,
    mutator: 'OptionalChaining',
    kind: 'outside',
    reason:
      "an error answer without a problem+json body (a proxy's HTML page, an empty 404): the fake platform always sends one, and the suite cannot make a platform send another",
  },
  {
    connector: 'connector-http',
    line: /when: \(f\) => code\(f\) === 'JOB_NOT_FOUND' && f\.jobId !== undefined/,
    kind: 'equivalent',
    reason:
      'equivalent through this platform: it answers 404 for a request about a job only with JOB_NOT_FOUND, and JOB_NOT_FOUND only for a job, so either half of the test decides alone',
  },
  {
    connector: 'connector-http',
    line: /when: \(f\) => code\(f\) === 'CHECKSUM_MISMATCH'|error: \(f\) => new CloudConnectionError\(f\.message, \{ \.\.\.f\.context, code: 'CHECKSUM_MISMATCH' \}\)/,
    kind: 'outside',
    reason:
      'bytes damaged on the way (422 CHECKSUM_MISMATCH) read as retryable: the suite runs a platform that damages nothing, the connector tests damage them on purpose',
  },
  {
    connector: 'connector-http',
    line: /status: \[400, 422\],|^\s*error: \(f\) =>$/,
    kind: 'equivalent',
    reason:
      "the platform's 400/422 as InvalidParameterError: every bad input the suite sends is refused by the connector before anything is sent, so no such answer comes back",
  },
  {
    connector: 'connector-http',
    line: /status: '5xx',|error: \(f\) => new CloudConnectionError\(f\.message, \{ \.\.\.f\.context, code: code\(f\) \?\? 'SERVER_ERROR' \}\)/,
    kind: 'outside',
    reason:
      'a platform failing (5xx): the suite runs a platform that does not fail requests (the connector tests fail them on purpose)',
  },
  {
    connector: 'connector-http',
    line: /status: '4xx',|when: \(f\) => code\(f\) !== undefined && f\.status !== 429|error: \(f\) => new CloudExecutionError\(f\.message, \{ \.\.\.f\.context, code: code\(f\) as string \}\)/,
    kind: 'outside',
    reason:
      'a 429 (rate limiting) or a 4xx without a problem code: the fake platform in the suite neither rate-limits nor answers without a code',
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

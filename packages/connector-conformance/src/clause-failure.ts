/** What a failed clause reports: the promise broken, as expected versus actual, and the call that showed it. */
export interface ClauseFailureDetails {
  /** What the contract requires, in words. */
  readonly expected: string;
  /** What the connector did instead. */
  readonly actual: string;
  /** The call that showed it, e.g. `connector.getJobStatus("job_1")`. */
  readonly call: string;
}

/** Thrown inside a clause when the connector breaks it. Its message names the clause. */
export class ClauseFailure extends Error {
  /** The clause that failed. */
  readonly clauseId: string;
  /** What was expected, what happened, and the call that showed it. */
  readonly details: ClauseFailureDetails;
  constructor(clauseId: string, details: ClauseFailureDetails) {
    super(`[${clauseId}] expected ${details.expected}, but ${details.actual} (shown by ${details.call})`);
    this.name = 'ClauseFailure';
    this.clauseId = clauseId;
    this.details = details;
  }
}

/** Thrown inside a clause that finds, once running, that it does not apply. */
export class ClauseSkipped extends Error {
  /** Why the clause does not apply. */
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'ClauseSkipped';
    this.reason = reason;
  }
}

import { InvalidParameterError } from './errors.js';
import { isJobStatus, JobStatus } from './job-status.js';

/**
 * A platform's state table with its two lookups, built by {@link stateMapping}. The table is the platform's
 * code; the lookups are the same for every platform, so they live here rather than in each connector.
 */
export interface StateMapping<State extends string = string> {
  /** The table it was built from, frozen: every state the connector understands and the status it means. */
  readonly table: Readonly<Record<State, JobStatus>>;
  /**
   * The status `state` means; `unknown` for anything the table does not list, including names an object
   * inherits (`constructor`, `toString`, `__proto__`): only the table's own keys are states.
   */
  readonly statusOf: (state: string) => JobStatus;
  /**
   * The states that mean `status`, in table order, for a platform's list filter; empty for `unknown`, which no
   * listed state stands for (the connector then filters on its side). A fresh array each call.
   */
  readonly statesFor: (status: JobStatus) => State[];
}

/**
 * Builds the lookups of a platform's state table: `statusOf` (the platform's state to a {@link JobStatus},
 * `unknown` for anything not listed) and `statesFor` (the reverse, for a list filter). The table may not map a
 * state to `unknown`: a state the connector cannot map is left out, and maps to `unknown` by that.
 *
 * @param table - Every platform state the connector understands, and the status it means.
 * @throws InvalidParameterError when a value is not a {@link JobStatus} or is `unknown` (checked once, here).
 *
 * @example
 * ```ts
 * const PLATFORM_STATE_TO_STATUS = { QUEUED: JobStatus.PENDING, DONE: JobStatus.SUCCEEDED } as const;
 * const platformStates = stateMapping(PLATFORM_STATE_TO_STATUS);
 * platformStates.statusOf('DONE'); // 'succeeded'
 * platformStates.statusOf('HIBERNATING'); // 'unknown'
 * platformStates.statusOf('constructor'); // 'unknown', not Object.prototype's function
 * platformStates.statesFor(JobStatus.PENDING); // ['QUEUED']
 * ```
 */
export function stateMapping<State extends string>(
  table: Readonly<Record<State, JobStatus>>,
): StateMapping<State> {
  // A Map, not the object: its lookups see own entries only, so no inherited name is ever a state.
  const statusByState = new Map<string, JobStatus>(Object.entries<JobStatus>(table));
  const issues = [...statusByState]
    .filter(([, status]) => !isJobStatus(status) || status === JobStatus.UNKNOWN)
    .map(([state]) => ({
      field: `table.${state}`,
      rule: 'must be a JobStatus other than unknown (leave a state out to map it to unknown)',
    }));
  if (issues.length > 0) throw InvalidParameterError.fromIssues('state table', issues);

  // Grouped once: a list filter asks for the states of a status on every call.
  const statesByStatus = new Map<JobStatus, State[]>();
  for (const [state, status] of statusByState) {
    const states = statesByStatus.get(status);
    if (states) states.push(state as State);
    else statesByStatus.set(status, [state as State]);
  }
  const frozenTable = Object.freeze({ ...table }) as Readonly<Record<State, JobStatus>>;
  return Object.freeze({
    table: frozenTable,
    statusOf: (state: string): JobStatus => statusByState.get(state) ?? JobStatus.UNKNOWN,
    statesFor: (status: JobStatus): State[] => [...(statesByStatus.get(status) ?? [])],
  });
}

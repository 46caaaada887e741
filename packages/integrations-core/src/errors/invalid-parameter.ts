import { CloudException, type CloudExceptionOptions } from './cloud-exception.js';
import { hasMarker, marker } from './marker.js';

/** One broken rule in an {@link InvalidParameterError}. */
export interface ParameterIssue {
  /** The dotted path of the offending field, such as `resourceConfig.gpuCount`; empty for the whole value. */
  readonly field: string;
  /** The rule it breaks, in words. */
  readonly rule: string;
}

const invalidParameterMarker = marker('InvalidParameterError');

/**
 * Input was rejected before anything was sent or written. Names every bad field and the rule it breaks.
 *
 * @example
 * ```ts
 * try {
 *   new ResourceConfig({ gpuCount: -1 });
 * } catch (error) {
 *   if (InvalidParameterError.isInstance(error)) console.log(error.issues); // [{ field: 'gpuCount', rule: … }]
 * }
 * ```
 */
export class InvalidParameterError extends CloudException {
  protected readonly [invalidParameterMarker] = true;
  /** Every broken rule, one per field. */
  readonly issues: readonly ParameterIssue[];

  constructor(message: string, options: CloudExceptionOptions & { issues?: readonly ParameterIssue[] } = {}) {
    const { issues, ...rest } = options;
    super(message, { code: 'INVALID_PARAMETER', ...rest, retryable: false });
    this.issues = Object.freeze([...(issues ?? [])]);
  }

  /** Builds the error from a list of issues, with a message that lists each one. */
  static fromIssues(subject: string, issues: readonly ParameterIssue[]): InvalidParameterError {
    const lines = issues.map((issue) => `  - ${issue.field || '(value)'}: ${issue.rule}`);
    return new InvalidParameterError(`Invalid ${subject}:\n${lines.join('\n')}`, { issues });
  }

  /**
   * The common refusal of one field for one rule: {@link InvalidParameterError.fromIssues} with a single issue,
   * the field also naming the subject unless `options.subject` names a larger one (`command line`).
   *
   * @param field - the offending field's dotted path (`remotePath`, `resourceConfig.gpuCount`).
   * @param rule - the rule it breaks, in words (`must name a file inside the files area`).
   * @example
   * ```ts
   * throw InvalidParameterError.forField('modelPath', 'must be a non-empty string');
   * // InvalidParameterError: Invalid modelPath:
   * //   - modelPath: must be a non-empty string
   * ```
   */
  static forField(
    field: string,
    rule: string,
    options: { readonly subject?: string | undefined } = {},
  ): InvalidParameterError {
    return InvalidParameterError.fromIssues(options.subject ?? field, [{ field, rule }]);
  }

  /** Whether `value` is an `InvalidParameterError` from any copy of this package. */
  static override isInstance(value: unknown): value is InvalidParameterError {
    return hasMarker(value, invalidParameterMarker);
  }
}

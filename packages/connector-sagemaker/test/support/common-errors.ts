/**
 * The errors any operation may answer besides those its model lists. The models do not carry them: AWS's API
 * references list them on each service's "Common Errors" page ("the errors common to the API actions of all
 * AWS services"), and S3's on its "List of error codes" (S3's model lists a handful, e.g. `NoSuchKey` for
 * `GetObject`, and S3 answers the rest for any operation).
 */

/** The Common Errors pages' codes, as the JSON protocols' `__type` spells them. */
const COMMON_ERRORS_PAGE = [
  'AccessDeniedException',
  'ExpiredTokenException',
  'IncompleteSignature',
  'InternalFailure',
  'InvalidAction',
  'InvalidClientTokenId',
  'InvalidParameterCombination',
  'InvalidParameterValue',
  'MalformedHttpRequestException',
  'MissingAction',
  'MissingParameter',
  'NotAuthorized',
  'OptInRequired',
  'RequestAbortedException',
  'RequestEntityTooLargeException',
  'RequestExpired',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'ThrottlingException',
  'UnknownOperationException',
  'UnrecognizedClientException',
  'ValidationError',
];

/**
 * The JSON front ends' spellings of three of those refusals, which the pages list under their query-protocol
 * names (`ValidationError`, `MissingAuthenticationToken`) or not at all (a body that is not JSON): the
 * `ValidationException` of a constraint broken (129 of the 2022 botocore models list it by that name), the
 * `MissingAuthenticationTokenException` of an unsigned request and the `SerializationException` of a body that
 * does not parse, as AWS's JSON services answer them.
 */
const JSON_FRONT_END = [
  'ValidationException',
  'MissingAuthenticationTokenException',
  'SerializationException',
];

/** Every error code a JSON protocol operation may answer whether or not its model lists it. */
export const COMMON_JSON_ERRORS: ReadonlySet<string> = new Set([...COMMON_ERRORS_PAGE, ...JSON_FRONT_END]);

/** The codes of S3's "List of error codes" that the fake answers, any operation's to answer. */
export const COMMON_S3_ERRORS: ReadonlySet<string> = new Set([
  'AccessDenied',
  'EntityTooSmall',
  'InternalError',
  'InvalidAccessKeyId',
  'InvalidArgument',
  'InvalidPart',
  'InvalidPartOrder',
  'MalformedXML',
  'NoSuchBucket',
  'NoSuchKey',
  'NoSuchUpload',
  'NotImplemented',
  'ServiceUnavailable',
  'SignatureDoesNotMatch',
  'SlowDown',
]);

/**
 * AWS error codes this product answers with. The HTTP status of each is
 * decided at the edge (libs/platform), never in domain code.
 */
export type IamErrorCode =
  | 'ValidationError'
  | 'MalformedPolicyDocument'
  /** STS: the session policies and session tags do not fit in a session. */
  | 'PackedPolicyTooLarge'
  | 'InvalidInput'
  /** CloudTrail LookupEvents: a start time after the end time. */
  | 'InvalidTimeRangeException'
  | 'PasswordPolicyViolation'
  | 'AccessDenied'
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'InvalidClientTokenId'
  | 'SignatureDoesNotMatch'
  | 'RequestExpired'
  | 'ExpiredToken'
  | 'InvalidAuthenticationCode'
  | 'InvalidAuthorizationMessageException'
  /** STS federation: the token or assertion is not valid (or was used before), has expired, was refused, or its issuer unreachable. */
  | 'InvalidIdentityToken'
  | 'ExpiredTokenException'
  | 'IDPRejectedClaim'
  | 'IDPCommunicationError'
  | 'NoSuchEntity'
  | 'EntityAlreadyExists'
  | 'ConcurrentModification'
  | 'DeleteConflict'
  | 'LimitExceeded'
  | 'UnmodifiableEntity'
  | 'UnsupportedMediaType'
  | 'Throttling'
  | 'ServiceUnavailable'
  /** GetCredentialReport: none generated, the last one is older than 4 hours, or it is still being generated. */
  | 'ReportNotPresent'
  | 'ReportExpired'
  | 'ReportInProgress';

/** A failure with an AWS error code and a message safe to show the caller. */
export class IamError extends Error {
  /**
   * An AccessDenied's explanation, sealed so only this product's services can
   * read it (sts's DecodeAuthorizationMessage): answered beside the message.
   */
  encodedAuthorizationMessage?: string;

  constructor(
    readonly code: IamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IamError';
  }
}

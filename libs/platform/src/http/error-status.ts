import type { IamErrorCode } from '@iam/contracts';

/** HTTP status of each AWS error code; decided here, at the edge only. */
export const errorStatus: Record<IamErrorCode, number> = {
  ValidationError: 400,
  MalformedPolicyDocument: 400,
  PackedPolicyTooLarge: 400,
  InvalidInput: 400,
  PasswordPolicyViolation: 400,
  InvalidAuthenticationCode: 403,
  InvalidAuthorizationMessageException: 400,
  AccessDenied: 403,
  MissingAuthenticationToken: 403,
  IncompleteSignature: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  RequestExpired: 403,
  ExpiredToken: 403,
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  ConcurrentModification: 409,
  DeleteConflict: 409,
  LimitExceeded: 409,
  UnmodifiableEntity: 409,
  UnsupportedMediaType: 415,
  Throttling: 429,
  ServiceUnavailable: 503,
};

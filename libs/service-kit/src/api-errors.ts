import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } },
    },
  },
};

/** The error answers every signed IAM route can give, for the OpenAPI document. */
export function IamErrorResponses() {
  return applyDecorators(
    ApiResponse({
      status: 400,
      description: 'ValidationError / MalformedPolicyDocument / PasswordPolicyViolation',
      schema: errorSchema,
    }),
    ApiResponse({
      status: 403,
      description:
        'AccessDenied / MissingAuthenticationToken / IncompleteSignature / InvalidClientTokenId / SignatureDoesNotMatch / RequestExpired',
      schema: errorSchema,
    }),
    ApiResponse({ status: 404, description: 'NoSuchEntity', schema: errorSchema }),
    ApiResponse({
      status: 415,
      description: 'UnsupportedMediaType: a body whose Content-Type the operation does not accept',
      schema: errorSchema,
    }),
    ApiResponse({
      status: 409,
      description: 'EntityAlreadyExists / DeleteConflict / LimitExceeded / ConcurrentModification',
      schema: errorSchema,
    }),
  );
}

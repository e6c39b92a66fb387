import { ApiSchemas } from '@iam/service-kit';

/** LoginProfileView in the OpenAPI document (never the password or its hash). */
export const loginProfileSchema = ApiSchemas.wrapped(
  'loginProfile',
  ApiSchemas.object({
    userName: ApiSchemas.string,
    createDate: ApiSchemas.dateTime,
    passwordResetRequired: { type: 'boolean' },
  }),
);

import { ApiSchemas } from '@iam/service-kit';

/** RoleView in the OpenAPI document. */
export const roleSchema = ApiSchemas.object({
  roleName: ApiSchemas.string,
  roleId: ApiSchemas.string,
  arn: ApiSchemas.string,
  path: ApiSchemas.string,
  createDate: ApiSchemas.dateTime,
  description: ApiSchemas.string,
  maxSessionDuration: { type: 'integer', description: 'seconds' },
  assumeRolePolicyDocument: { type: 'string', description: 'the trust policy as sent (JSON)' },
  tags: { type: 'array', items: ApiSchemas.tag },
});

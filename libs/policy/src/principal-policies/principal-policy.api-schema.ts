import type { SchemaObject } from '@nestjs/swagger';
import { ApiSchemas } from '@iam/service-kit';

/** List{User,Group,Role}AttachedPolicies's answer (AttachedPolicyView, one page). */
export const attachedPoliciesSchema = ApiSchemas.page(
  'attachedPolicies',
  ApiSchemas.object({ policyName: ApiSchemas.string, policyArn: ApiSchemas.string }),
);

/** List{User,Group,Role}Policies's answer: one page of inline policy names. */
export const inlinePolicyNamesSchema = ApiSchemas.page('policyNames', ApiSchemas.string);

/** Get{User,Group,Role}Policy's answer: the principal's name under `userName`, `groupName` or `roleName`. */
export function inlinePolicySchema(nameParam: string): SchemaObject {
  return ApiSchemas.object({
    [nameParam]: ApiSchemas.string,
    policyName: ApiSchemas.string,
    policyDocument: { type: 'string', description: 'the policy document (JSON), as it was put' },
  });
}

/** Get{User,Role}PermissionsBoundary's answer: null when the principal has none. */
export const permissionsBoundarySchema = ApiSchemas.object({
  permissionsBoundary: {
    ...ApiSchemas.object({
      permissionsBoundaryType: { type: 'string', enum: ['PermissionsBoundaryPolicy'] },
      permissionsBoundaryArn: ApiSchemas.string,
    }),
    nullable: true,
  },
});

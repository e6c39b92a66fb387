import { ApiSchemas } from '@iam/service-kit';

/** PolicyView in the OpenAPI document. */
export const policySchema = ApiSchemas.object({
  policyName: ApiSchemas.string,
  policyId: ApiSchemas.string,
  arn: ApiSchemas.string,
  path: ApiSchemas.string,
  defaultVersionId: ApiSchemas.string,
  attachmentCount: { type: 'integer' },
  permissionsBoundaryUsageCount: { type: 'integer' },
  isAttachable: { type: 'boolean' },
  description: ApiSchemas.string,
  createDate: ApiSchemas.dateTime,
  updateDate: ApiSchemas.dateTime,
  tags: { type: 'array', items: ApiSchemas.tag },
});

/** PolicyVersionView: the document only where GetPolicyVersion answers it. */
export const policyVersionSchema = ApiSchemas.object(
  {
    versionId: ApiSchemas.string,
    isDefaultVersion: { type: 'boolean' },
    createDate: ApiSchemas.dateTime,
    document: { type: 'string', description: 'the policy document (JSON)' },
  },
  ['document'],
);

/** ListEntitiesForPolicy (PolicyEntitiesView, one page). */
export const policyEntitiesSchema = ApiSchemas.object(
  {
    policyUsers: {
      type: 'array',
      items: ApiSchemas.object({ userName: ApiSchemas.string, userId: ApiSchemas.string }),
    },
    policyGroups: {
      type: 'array',
      items: ApiSchemas.object({ groupName: ApiSchemas.string, groupId: ApiSchemas.string }),
    },
    policyRoles: {
      type: 'array',
      items: ApiSchemas.object({ roleName: ApiSchemas.string, roleId: ApiSchemas.string }),
    },
    isTruncated: { type: 'boolean' },
    marker: ApiSchemas.string,
  },
  ['marker'],
);

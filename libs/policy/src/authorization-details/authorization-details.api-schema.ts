import { ApiSchemas } from '@iam/service-kit';

const s = ApiSchemas.string;
const policyDetail = ApiSchemas.object({ policyName: s, policyDocument: s });
const attachedPolicy = ApiSchemas.object({ policyName: s, policyArn: s });
const boundary = ApiSchemas.object({ permissionsBoundaryType: s, permissionsBoundaryArn: s });
const list = (items: object) => ({ type: 'array' as const, items });
const tags = list(ApiSchemas.tag);

/** GetAccountAuthorizationDetails' answer (AWS's members, lower-camel). */
export const accountAuthorizationDetailsSchema = ApiSchemas.object(
  {
    userDetailList: list(
      ApiSchemas.object(
        {
          path: s,
          userName: s,
          userId: s,
          arn: s,
          createDate: ApiSchemas.dateTime,
          userPolicyList: list(policyDetail),
          groupList: list(s),
          attachedManagedPolicies: list(attachedPolicy),
          permissionsBoundary: boundary,
          tags,
        },
        ['createDate', 'permissionsBoundary'],
      ),
    ),
    groupDetailList: list(
      ApiSchemas.object(
        {
          path: s,
          groupName: s,
          groupId: s,
          arn: s,
          createDate: ApiSchemas.dateTime,
          groupPolicyList: list(policyDetail),
          attachedManagedPolicies: list(attachedPolicy),
        },
        ['createDate'],
      ),
    ),
    roleDetailList: list(
      ApiSchemas.object(
        {
          path: s,
          roleName: s,
          roleId: s,
          arn: s,
          createDate: ApiSchemas.dateTime,
          assumeRolePolicyDocument: s,
          instanceProfileList: list(ApiSchemas.object({})),
          rolePolicyList: list(policyDetail),
          attachedManagedPolicies: list(attachedPolicy),
          permissionsBoundary: boundary,
          tags,
        },
        ['createDate', 'assumeRolePolicyDocument', 'permissionsBoundary'],
      ),
    ),
    policies: list(
      ApiSchemas.object({
        policyName: s,
        policyId: s,
        arn: s,
        path: s,
        defaultVersionId: s,
        attachmentCount: { type: 'integer' },
        permissionsBoundaryUsageCount: { type: 'integer' },
        isAttachable: { type: 'boolean' },
        description: s,
        createDate: ApiSchemas.dateTime,
        updateDate: ApiSchemas.dateTime,
        policyVersionList: list(
          ApiSchemas.object({
            document: s,
            versionId: s,
            isDefaultVersion: { type: 'boolean' },
            createDate: ApiSchemas.dateTime,
          }),
        ),
      }),
    ),
    isTruncated: { type: 'boolean' },
    marker: { type: 'string', description: 'Pass as `marker` to get the next page (when isTruncated)' },
  },
  ['marker'],
);

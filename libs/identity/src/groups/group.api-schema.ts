import { ApiSchemas } from '@iam/service-kit';

/** GroupView in the OpenAPI document. */
export const groupSchema = ApiSchemas.object({
  groupName: ApiSchemas.string,
  groupId: ApiSchemas.string,
  arn: ApiSchemas.string,
  path: ApiSchemas.string,
  createDate: ApiSchemas.dateTime,
});

/** A member as GetGroup lists it (GroupMemberView). */
export const groupMemberSchema = ApiSchemas.object({
  userName: ApiSchemas.string,
  userId: ApiSchemas.string,
  arn: ApiSchemas.string,
  path: ApiSchemas.string,
  createDate: ApiSchemas.dateTime,
});

/** GetGroup: the group and a page of its users. */
export const getGroupSchema = ApiSchemas.object(
  {
    group: groupSchema,
    users: { type: 'array', items: groupMemberSchema },
    isTruncated: { type: 'boolean' },
    marker: ApiSchemas.string,
  },
  ['marker'],
);

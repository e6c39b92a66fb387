import { ApiSchemas } from '@iam/service-kit';

/** UserView in the OpenAPI document. */
export const userSchema = ApiSchemas.object({
  userName: ApiSchemas.string,
  userId: ApiSchemas.string,
  arn: ApiSchemas.string,
  path: ApiSchemas.string,
  createDate: ApiSchemas.dateTime,
  tags: { type: 'array', items: ApiSchemas.tag },
});

import { ApiSchemas } from '@iam/service-kit';

/** CallerView in the OpenAPI document. */
export const callerSchema = ApiSchemas.object({
  account: ApiSchemas.string,
  arn: ApiSchemas.string,
  userId: ApiSchemas.string,
});

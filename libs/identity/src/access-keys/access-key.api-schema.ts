import { ApiSchemas } from '@iam/service-kit';

const accessKeyProperties = {
  userName: ApiSchemas.string,
  accessKeyId: ApiSchemas.string,
  status: { type: 'string', enum: ['Active', 'Inactive'] },
  createDate: ApiSchemas.dateTime,
};

/** AccessKeyView in the OpenAPI document (never a secret). */
export const accessKeySchema = ApiSchemas.object(accessKeyProperties);

/** CreateAccessKey's answer: the one time the secret is shown. */
export const createdAccessKeySchema = ApiSchemas.object({
  ...accessKeyProperties,
  secretAccessKey: ApiSchemas.string,
});

/** GetAccessKeyLastUsed (AccessKeyLastUse): `lastUsedDate` null and N/A while never used. */
export const accessKeyLastUseSchema = ApiSchemas.object({
  userName: ApiSchemas.string,
  accessKeyLastUsed: ApiSchemas.object({
    lastUsedDate: { ...ApiSchemas.dateTime, nullable: true },
    serviceName: ApiSchemas.string,
    region: ApiSchemas.string,
  }),
});

import type { SchemaObject } from '@nestjs/swagger';
import { ApiSchemas } from '@iam/service-kit';

const tags: SchemaObject = { type: 'array', items: ApiSchemas.tag };

/** A List…Tags answer: every tag (at most 50, so never truncated). */
export const tagListSchema = ApiSchemas.object({ tags, isTruncated: { type: 'boolean', enum: [false] } });

/** CreateOpenIDConnectProvider's answer. */
export const createdOidcProviderSchema = ApiSchemas.object({
  openIDConnectProviderArn: ApiSchemas.string,
  tags,
});

/** OidcProviderView (GetOpenIDConnectProvider). */
export const oidcProviderSchema = ApiSchemas.object({
  url: { type: 'string', description: 'the issuer URL without its scheme, as AWS answers it' },
  clientIDList: { type: 'array', items: ApiSchemas.string },
  thumbprintList: { type: 'array', items: ApiSchemas.string },
  createDate: ApiSchemas.dateTime,
  tags,
});

/** ListOpenIDConnectProviders's answer: every provider of the account, by ARN (not paged). */
export const oidcProviderListSchema = ApiSchemas.object({
  openIDConnectProviderList: { type: 'array', items: ApiSchemas.object({ arn: ApiSchemas.string }) },
});

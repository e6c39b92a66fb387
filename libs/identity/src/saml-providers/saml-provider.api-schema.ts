import type { SchemaObject } from '@nestjs/swagger';
import { ApiSchemas } from '@iam/service-kit';

const tags: SchemaObject = { type: 'array', items: ApiSchemas.tag };

/** A List…Tags answer: every tag (at most 50, so never truncated). */
export const tagListSchema = ApiSchemas.object({ tags, isTruncated: { type: 'boolean', enum: [false] } });
const validUntil: SchemaObject = {
  ...ApiSchemas.dateTime,
  description: 'from the metadata document, when it has one',
};

/** CreateSAMLProvider's answer. */
export const createdSamlProviderSchema = ApiSchemas.object({ samlProviderArn: ApiSchemas.string, tags });

/** UpdateSAMLProvider's answer. */
export const updatedSamlProviderSchema = ApiSchemas.object({ samlProviderArn: ApiSchemas.string });

/** SamlProviderView (GetSAMLProvider). */
export const samlProviderSchema = ApiSchemas.object(
  {
    samlProviderArn: ApiSchemas.string,
    samlMetadataDocument: ApiSchemas.string,
    createDate: ApiSchemas.dateTime,
    validUntil,
    tags,
  },
  ['validUntil'],
);

/** ListSAMLProviders's answer (SAMLProviderListEntry each; not paged). */
export const samlProviderListSchema = ApiSchemas.object({
  samlProviderList: {
    type: 'array',
    items: ApiSchemas.object({ arn: ApiSchemas.string, createDate: ApiSchemas.dateTime, validUntil }, [
      'validUntil',
    ]),
  },
});

import type { TagV1 } from '@iam/contracts';
import type { SamlMetadata } from './saml-metadata';

/**
 * Commands on one SAML provider stream. The handler has parsed the metadata
 * document (`parseSamlMetadata`, InvalidInput when it cannot), so the
 * decider only checks lengths and names and decides.
 */
export type CreateSamlProvider = {
  type: 'CreateSAMLProvider';
  data: {
    accountId: string;
    name: string;
    samlMetadataDocument: string;
    metadata: SamlMetadata;
    tags?: readonly TagV1[];
    createDate: string;
  };
};

export type UpdateSamlProvider = {
  type: 'UpdateSAMLProvider';
  data: { arn: string; samlMetadataDocument: string; metadata: SamlMetadata };
};

export type TagSamlProvider = { type: 'TagSAMLProvider'; data: { arn: string; tags: readonly TagV1[] } };
export type UntagSamlProvider = {
  type: 'UntagSAMLProvider';
  data: { arn: string; tagKeys: readonly string[] };
};
export type DeleteSamlProvider = { type: 'DeleteSAMLProvider'; data: { arn: string } };

export type SamlProviderCommand =
  CreateSamlProvider | UpdateSamlProvider | TagSamlProvider | UntagSamlProvider | DeleteSamlProvider;

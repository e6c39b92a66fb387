import { IdentityEventTypes as T, IdentitySchemaVersion as v, type SamlProviderEvent } from '@iam/contracts';
import { deciderSpecification } from '@iam/testing';
import { samlProviderDecider } from './saml-provider.decider';

const spec = deciderSpecification(samlProviderDecider);
const accountId = '123456789012';
const arn = 'arn:aws:iam::123456789012:saml-provider/CorpIdP';
const document = `<EntityDescriptor>${'x'.repeat(1000)}</EntityDescriptor>`;
const metadata = { entityId: 'https://idp.test', signingCertificates: ['MIIB'] };
const at = '2026-01-01T00:00:00.000Z';

const created: SamlProviderEvent = {
  type: T.SamlProviderCreated,
  schemaVersion: v,
  payload: {
    accountId,
    name: 'CorpIdP',
    arn,
    samlMetadataDocument: document,
    ...metadata,
    createDate: at,
    tags: [],
  },
};
const create = (name = 'CorpIdP', samlMetadataDocument = document) => ({
  type: 'CreateSAMLProvider' as const,
  data: { accountId, name, samlMetadataDocument, metadata, createDate: at },
});

describe('SAML provider decider', () => {
  it('CreateSAMLProvider raises SamlProviderCreated with the ARN and what the metadata said', () => {
    spec([]).when(create()).then([created]);
  });

  it('refuses a name taken (EntityAlreadyExists), but not once deleted', () => {
    spec([created])
      .when(create())
      .thenThrows('EntityAlreadyExists', /CorpIdP/);
    const deleted: SamlProviderEvent = { type: T.SamlProviderDeleted, schemaVersion: v, payload: { arn } };
    spec([created, deleted]).when(create()).then([created]);
  });

  it.each([
    ['an empty name', '', document],
    ['a name with a space', 'Corp IdP', document],
    ['a name of 129 characters', 'a'.repeat(129), document],
    ['a document of 999 characters', 'CorpIdP', 'x'.repeat(999)],
  ])('refuses %s (ValidationError)', (_, name, doc) => {
    spec([]).when(create(name, doc)).thenThrows('ValidationError');
  });

  it('UpdateSAMLProvider raises SamlProviderUpdated; the same document changes nothing', () => {
    const newDocument = document.replace('x', 'y');
    const newMetadata = { entityId: 'https://idp.test/2', signingCertificates: ['MIIC'] };
    spec([created])
      .when({
        type: 'UpdateSAMLProvider',
        data: { arn, samlMetadataDocument: newDocument, metadata: newMetadata },
      })
      .then([
        {
          type: T.SamlProviderUpdated,
          schemaVersion: v,
          payload: { arn, samlMetadataDocument: newDocument, ...newMetadata },
        },
      ]);
    spec([created])
      .when({ type: 'UpdateSAMLProvider', data: { arn, samlMetadataDocument: document, metadata } })
      .then([]);
  });

  it('an ARN in another case, or a deleted provider, is NoSuchEntity', () => {
    spec([created])
      .when({ type: 'DeleteSAMLProvider', data: { arn: arn.toLowerCase() } })
      .thenThrows('NoSuchEntity');
    spec([created, { type: T.SamlProviderDeleted, schemaVersion: v, payload: { arn } }])
      .when({ type: 'TagSAMLProvider', data: { arn, tags: [{ key: 'a', value: 'b' }] } })
      .thenThrows('NoSuchEntity');
  });

  it('tags and untags', () => {
    const tagged: SamlProviderEvent = {
      type: T.SamlProviderTagged,
      schemaVersion: v,
      payload: { arn, tags: [{ key: 'team', value: 'sso' }] },
    };
    spec([created])
      .when({ type: 'TagSAMLProvider', data: { arn, tags: [{ key: 'team', value: 'sso' }] } })
      .then([tagged]);
    spec([created, tagged])
      .when({ type: 'UntagSAMLProvider', data: { arn, tagKeys: ['TEAM', 'other'] } })
      .then([{ type: T.SamlProviderUntagged, schemaVersion: v, payload: { arn, tagKeys: ['team'] } }]);
  });
});

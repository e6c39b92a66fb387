import { AuthModule } from '@iam/auth';
import {
  IdentityEventTypes as T,
  IdentitySchemaVersion as v,
  Topics,
  type SamlProviderCreatedV1,
} from '@iam/contracts';
import { InMemoryEventStore } from '@iam/event-store';
import {
  apiSpecification,
  existingStream,
  expectError,
  expectNewEvents,
  expectResponse,
  request,
  TestSamlIdp,
  type ApiSpecification,
  type TestAccount,
} from '@iam/testing';
import { IdentityModule, identityProjections } from '../identity.module';

/** The SAML providers slice's routes on the in-memory event store: given events, when a request, then events or an error. */
describe('SAML providers (slice)', () => {
  let spec: ApiSpecification;
  const idp = new TestSamlIdp('https://idp.corp.test/saml');
  const metadata = idp.metadata();
  const arnOf = (account: TestAccount, name = 'CorpIdP') =>
    `arn:aws:iam::${account.accountId}:saml-provider/${name}`;
  const path = (account: TestAccount, name = 'CorpIdP') =>
    `/v1/saml-providers/${encodeURIComponent(arnOf(account, name))}`;

  beforeAll(async () => {
    spec = await apiSpecification({
      service: 'identity',
      modules: [AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }), IdentityModule],
      store: (database, schema) =>
        new InMemoryEventStore({
          topic: Topics.identity,
          database,
          inlineProjections: identityProjections(schema),
        }),
    });
  });

  afterAll(() => spec?.close());

  const corpIdp = (account: TestAccount) => {
    const created: SamlProviderCreatedV1 = {
      accountId: account.accountId,
      name: 'CorpIdP',
      arn: arnOf(account),
      samlMetadataDocument: metadata,
      entityId: idp.entityId,
      signingCertificates: [idp.certificateBase64],
      validUntil: '2030-01-01T00:00:00.000Z',
      createDate: '2026-01-01T00:00:00.000Z',
      tags: [{ key: 'team', value: 'sso' }],
    };
    return existingStream(`saml-provider-${account.accountId}-corpidp`, [
      { type: T.SamlProviderCreated, schemaVersion: v, payload: created },
    ]);
  };

  it('CreateSAMLProvider appends SamlProviderCreated with the entity id and certificate read from the metadata', () =>
    spec
      .given()
      .when(() => request.post('/v1/saml-providers', { name: 'CorpIdP', samlMetadataDocument: metadata }))
      .then(
        expectResponse(201, (account) => ({ samlProviderArn: arnOf(account), tags: [] })),
        expectNewEvents((account) => [
          {
            type: T.SamlProviderCreated,
            streamId: `saml-provider-${account.accountId}-corpidp`,
            payload: {
              arn: arnOf(account),
              entityId: 'https://idp.corp.test/saml',
              signingCertificates: [idp.certificateBase64],
            },
          },
        ]),
      ));

  it('CreateSAMLProvider beyond 100 providers in the account answers 409 LimitExceeded (SAMLProvidersInAWSAccount)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => (account: TestAccount) => {
      const name = `IdP${i}`;
      const created: SamlProviderCreatedV1 = {
        accountId: account.accountId,
        name,
        arn: arnOf(account, name),
        samlMetadataDocument: metadata,
        entityId: idp.entityId,
        signingCertificates: [idp.certificateBase64],
        createDate: '2026-01-01T00:00:00.000Z',
        tags: [],
      };
      return existingStream(`saml-provider-${account.accountId}-idp${i}`, [
        { type: T.SamlProviderCreated, schemaVersion: v, payload: created },
      ]);
    });
    return spec
      .given(...hundred)
      .when(() => request.post('/v1/saml-providers', { name: 'OneTooMany', samlMetadataDocument: metadata }))
      .then(expectError(409, 'LimitExceeded', 'Cannot exceed quota for SAMLProvidersInAWSAccount: 100'));
  });

  it('CreateSAMLProvider with metadata that cannot be parsed answers 400 InvalidInput', () =>
    spec
      .given()
      .when(() =>
        request.post('/v1/saml-providers', {
          name: 'CorpIdP',
          samlMetadataDocument: metadata.replace(
            /<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/,
            '<!-- none -->'.repeat(80),
          ),
        }),
      )
      .then(expectError(400, 'InvalidInput', /signing certificate/)));

  it('CreateSAMLProvider of a name taken in another case answers 409 EntityAlreadyExists', () =>
    spec
      .given((account) => corpIdp(account))
      .when(() => request.post('/v1/saml-providers', { name: 'corpidp', samlMetadataDocument: metadata }))
      .then(expectError(409, 'EntityAlreadyExists')));

  it('CreateSAMLProvider with a bad name answers 400 ValidationError', () =>
    spec
      .given()
      .when(() => request.post('/v1/saml-providers', { name: 'Corp IdP', samlMetadataDocument: metadata }))
      .then(expectError(400, 'ValidationError')));

  it('GetSAMLProvider answers the document, create date and valid-until', () =>
    spec
      .given((account) => corpIdp(account))
      .when((account) => request.get(path(account)))
      .then(
        expectResponse(200, (account) => ({
          samlProviderArn: arnOf(account),
          samlMetadataDocument: metadata,
          createDate: '2026-01-01T00:00:00.000Z',
          validUntil: '2030-01-01T00:00:00.000Z',
          tags: [{ key: 'team', value: 'sso' }],
        })),
      ));

  it('ListSAMLProviders lists the account’s providers', () =>
    spec
      .given((account) => corpIdp(account))
      .when(() => request.get('/v1/saml-providers'))
      .then(
        expectResponse(200, (account) => ({
          samlProviderList: [{ arn: arnOf(account), createDate: '2026-01-01T00:00:00.000Z' }],
        })),
      ));

  it('UpdateSAMLProvider appends SamlProviderUpdated with the new certificate', () => {
    const rotated = new TestSamlIdp(idp.entityId);
    return spec
      .given((account) => corpIdp(account))
      .when((account) => request.put(path(account), { samlMetadataDocument: rotated.metadata() }))
      .then(
        expectResponse(200, (account) => ({ samlProviderArn: arnOf(account) })),
        expectNewEvents((account) => [
          {
            type: T.SamlProviderUpdated,
            payload: { arn: arnOf(account), signingCertificates: [rotated.certificateBase64] },
          },
        ]),
      );
  });

  it('DeleteSAMLProvider appends SamlProviderDeleted', () =>
    spec
      .given((account) => corpIdp(account))
      .when((account) => request.delete(path(account)))
      .then(
        expectResponse(204),
        expectNewEvents((account) => [{ type: T.SamlProviderDeleted, payload: { arn: arnOf(account) } }]),
      ));

  it('TagSAMLProvider and ListSAMLProviderTags', async () => {
    await spec
      .given((account) => corpIdp(account))
      .when((account) => request.post(`${path(account)}/tags`, { tags: [{ key: 'env', value: 'prod' }] }))
      .then(expectResponse(204), expectNewEvents([{ type: T.SamlProviderTagged }]));
    await spec
      .given((account) => corpIdp(account))
      .when((account) => request.get(`${path(account)}/tags`))
      .then(expectResponse(200, { tags: [{ key: 'team', value: 'sso' }], isTruncated: false }));
  });

  it('UntagSAMLProvider appends SamlProviderUntagged', () =>
    spec
      .given((account) => corpIdp(account))
      .when((account) => request.delete(`${path(account)}/tags?tagKeys=team`))
      .then(
        expectResponse(204),
        expectNewEvents([{ type: T.SamlProviderUntagged, payload: { tagKeys: ['team'] } }]),
      ));

  it('a provider of another account is refused (403 AccessDenied), an unknown one is 404 NoSuchEntity', async () => {
    await spec
      .given((account) => corpIdp(account))
      .when(() =>
        request.get(
          `/v1/saml-providers/${encodeURIComponent('arn:aws:iam::999999999999:saml-provider/CorpIdP')}`,
        ),
      )
      .then(expectError(403, 'AccessDenied'));
    await spec
      .given()
      .when((account) => request.delete(path(account, 'Nobody')))
      .then(expectError(404, 'NoSuchEntity'));
  });

  it('a malformed ARN answers 400 InvalidInput', () =>
    spec
      .given()
      .when((account) =>
        request.get(
          `/v1/saml-providers/${encodeURIComponent(`arn:aws:iam::${account.accountId}:saml-provider/x*y`)}`,
        ),
      )
      .then(expectError(400, 'InvalidInput', /not valid/)));
});

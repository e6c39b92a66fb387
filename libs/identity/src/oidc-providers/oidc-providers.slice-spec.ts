import { AuthModule } from '@iam/auth';
import { IdentityEventTypes as T, IdentitySchemaVersion as v, Topics } from '@iam/contracts';
import { InMemoryEventStore } from '@iam/event-store';
import {
  apiSpecification,
  existingStream,
  expectError,
  expectNewEvents,
  expectResponse,
  request,
  type ApiSpecification,
  type TestAccount,
} from '@iam/testing';
import { IdentityModule, identityProjections } from '../identity.module';

const url = 'https://keycloak.internal:8443/realms/dev';
const arnOf = (account: TestAccount) =>
  `arn:aws:iam::${account.accountId}:oidc-provider/keycloak.internal:8443/realms/dev`;
const path = (account: TestAccount, rest = '') =>
  `/v1/oidc-providers/${encodeURIComponent(arnOf(account))}${rest}`;

/** OIDC providers' routes on the in-memory event store: given events, when a request, then events or an error. */
describe('OIDC providers (slice)', () => {
  let spec: ApiSpecification;

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

  const existing = (account: TestAccount) =>
    existingStream(`oidc-provider-${arnOf(account)}`, [
      {
        type: T.OpenIDConnectProviderCreated,
        schemaVersion: v,
        payload: {
          arn: arnOf(account),
          accountId: account.accountId,
          url,
          clientIds: ['ci'],
          thumbprints: [],
          tags: [{ key: 'team', value: 'platform' }],
          createDate: '2026-01-01T00:00:00.000Z',
        },
      },
    ]);

  it('CreateOpenIDConnectProvider answers the ARN, which keeps the port and path, and appends the event', () =>
    spec
      .given()
      .when(() => request.post('/v1/oidc-providers', { url: `${url}/`, clientIDList: ['ci', 'web'] }))
      .then(
        expectResponse(201, (account: TestAccount) => ({
          openIDConnectProviderArn: arnOf(account),
          tags: [],
        })),
        expectNewEvents((account) => [
          {
            type: T.OpenIDConnectProviderCreated,
            accountId: account.accountId,
            payload: { arn: arnOf(account), url, clientIds: ['ci', 'web'], thumbprints: [] },
          },
        ]),
      ));

  it('CreateOpenIDConnectProvider beyond 100 providers in the account answers 409 LimitExceeded', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => (account: TestAccount) => {
      const arn = `arn:aws:iam::${account.accountId}:oidc-provider/issuer${i}.internal`;
      return existingStream(`oidc-provider-${arn}`, [
        {
          type: T.OpenIDConnectProviderCreated,
          schemaVersion: v,
          payload: {
            arn,
            accountId: account.accountId,
            url: `https://issuer${i}.internal`,
            clientIds: [],
            thumbprints: [],
            tags: [],
            createDate: '2026-01-01T00:00:00.000Z',
          },
        },
      ]);
    });
    return spec
      .given(...hundred)
      .when(() => request.post('/v1/oidc-providers', { url }))
      .then(
        expectError(409, 'LimitExceeded', 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100'),
      );
  });

  it('CreateOpenIDConnectProvider of a URL already registered is 409 EntityAlreadyExists', () =>
    spec
      .given(existing)
      .when(() => request.post('/v1/oidc-providers', { url }))
      .then(expectError(409, 'EntityAlreadyExists', /already exists/)));

  it('CreateOpenIDConnectProvider of a plain-http URL outside loopback is 400 InvalidInput', () =>
    spec
      .given()
      .when(() => request.post('/v1/oidc-providers', { url: 'http://issuer.example.com' }))
      .then(expectError(400, 'InvalidInput', /https/)));

  it('GetOpenIDConnectProvider and ListOpenIDConnectProviders answer with AWS names', async () => {
    await spec
      .given(existing)
      .when((account) => request.get(path(account)))
      .then(
        expectResponse(200, {
          url: 'keycloak.internal:8443/realms/dev',
          clientIDList: ['ci'],
          thumbprintList: [],
          tags: [{ key: 'team', value: 'platform' }],
        }),
      );
    await spec
      .given(existing)
      .when(() => request.get('/v1/oidc-providers'))
      .then(
        expectResponse(200, (account: TestAccount) => ({
          openIDConnectProviderList: [{ arn: arnOf(account) }],
        })),
      );
  });

  it("a provider that does not exist is 404 NoSuchEntity; one of another account is not the caller's to touch (403)", async () => {
    await spec
      .given()
      .when((account) => request.get(path(account)))
      .then(expectError(404, 'NoSuchEntity', /OpenIDConnect Provider not found/));
    const other = encodeURIComponent(
      'arn:aws:iam::999999999999:oidc-provider/keycloak.internal:8443/realms/dev',
    );
    await spec
      .given(existing)
      .when(() => request.delete(`/v1/oidc-providers/${other}`))
      .then(expectError(403, 'AccessDenied'));
  });

  it('client ids are added and removed; thumbprints replaced; tags set and removed', async () => {
    await spec
      .given(existing)
      .when((account) => request.post(path(account, '/client-ids'), { clientID: 'web' }))
      .then(
        expectResponse(204),
        expectNewEvents([{ type: T.OpenIDConnectProviderClientIdAdded, payload: { clientId: 'web' } }]),
      );
    await spec
      .given(existing)
      .when((account) => request.delete(path(account, '/client-ids/ci')))
      .then(expectResponse(204), expectNewEvents([{ type: T.OpenIDConnectProviderClientIdRemoved }]));
    await spec
      .given(existing)
      .when((account) => request.put(path(account, '/thumbprints'), { thumbprintList: ['0'.repeat(40)] }))
      .then(expectResponse(204), expectNewEvents([{ type: T.OpenIDConnectProviderThumbprintUpdated }]));
    await spec
      .given(existing)
      .when((account) => request.put(path(account, '/thumbprints'), { thumbprintList: ['nothex'] }))
      .then(expectError(400, 'ValidationError', /thumbprintList/));
    await spec
      .given(existing)
      .when((account) => request.post(path(account, '/tags'), { tags: [{ key: 'env', value: 'dev' }] }))
      .then(expectResponse(204), expectNewEvents([{ type: T.OpenIDConnectProviderTagged }]));
    await spec
      .given(existing)
      .when((account) => request.delete(path(account, '/tags?tagKeys=team')))
      .then(
        expectResponse(204),
        expectNewEvents([{ type: T.OpenIDConnectProviderUntagged, payload: { tagKeys: ['team'] } }]),
      );
    await spec
      .given(existing)
      .when((account) => request.get(path(account, '/tags')))
      .then(expectResponse(200, { tags: [{ key: 'team', value: 'platform' }] }));
  });

  it('DeleteOpenIDConnectProvider appends the deletion; the provider is gone', async () => {
    await spec
      .given(existing)
      .when((account) => request.delete(path(account)))
      .then(expectResponse(204), expectNewEvents([{ type: T.OpenIDConnectProviderDeleted }]));
  });
});

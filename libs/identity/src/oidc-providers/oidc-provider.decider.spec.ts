import {
  IdentityEventTypes as T,
  IdentitySchemaVersion as v,
  type OpenIDConnectProviderEvent,
} from '@iam/contracts';
import { deciderSpecification } from '@iam/testing';
import type { CreateOidcProvider } from './oidc-provider.commands';
import { oidcProviderDecider } from './oidc-provider.decider';

const spec = deciderSpecification(oidcProviderDecider);
const accountId = '123456789012';
const at = '2026-01-01T00:00:00Z';
const arn = `arn:aws:iam::${accountId}:oidc-provider/keycloak.internal:8443/realms/dev`;
const thumbprint = 'a'.repeat(40);

const create = (data: Partial<CreateOidcProvider['data']> = {}): CreateOidcProvider => ({
  type: 'CreateOidcProvider',
  data: {
    accountId,
    url: 'https://Keycloak.Internal:8443/realms/dev/',
    clientIds: ['ci', 'ci', 'web'],
    thumbprints: [thumbprint.toUpperCase()],
    tags: [{ key: 'team', value: 'platform' }],
    createDate: at,
    ...data,
  },
});
const created: OpenIDConnectProviderEvent = {
  type: T.OpenIDConnectProviderCreated,
  schemaVersion: v,
  payload: {
    arn,
    accountId,
    url: 'https://keycloak.internal:8443/realms/dev',
    clientIds: ['ci', 'web'],
    thumbprints: [thumbprint],
    tags: [{ key: 'team', value: 'platform' }],
    createDate: at,
  },
};
const deleted: OpenIDConnectProviderEvent = {
  type: T.OpenIDConnectProviderDeleted,
  schemaVersion: v,
  payload: { arn, accountId, url: 'https://keycloak.internal:8443/realms/dev' },
};

describe('OIDC provider decider', () => {
  it('creates a provider whose ARN keeps the port and the path, the URL normalized', () => {
    spec([]).when(create()).then([created]);
  });

  it('refuses a second provider for the same URL, and allows one again after deletion', () => {
    spec([created])
      .when(create())
      .thenThrows(
        'EntityAlreadyExists',
        'Provider with url https://keycloak.internal:8443/realms/dev already exists.',
      );
    spec([created, deleted]).when(create()).then([created]);
  });

  it('refuses URLs AWS refuses: not https, credentials, query, fragment, too long', () => {
    for (const url of [
      'http://issuer.example.com',
      'ftp://issuer.example.com',
      'issuer.example.com',
      'https://user:pw@issuer.example.com',
      'https://issuer.example.com/?a=1',
      'https://issuer.example.com/#x',
      'https://*.example.com',
    ])
      spec([])
        .when(create({ url }))
        .thenThrows('InvalidInput', /Open ID Connect Provider URL/);
    spec([])
      .when(create({ url: `https://e.com/${'p'.repeat(250)}` }))
      .thenThrows('ValidationError', /url/);
  });

  it('allows plain http on loopback only', () => {
    const events = oidcProviderDecider.decide(create({ url: 'http://127.0.0.1:9000/issuer' }), {
      status: 'absent',
    });
    expect(events[0].payload).toMatchObject({
      arn: `arn:aws:iam::${accountId}:oidc-provider/127.0.0.1:9000/issuer`,
      url: 'http://127.0.0.1:9000/issuer',
    });
  });

  it('refuses more than 100 client ids, more than 5 thumbprints, malformed thumbprints', () => {
    spec([])
      .when(create({ clientIds: Array.from({ length: 101 }, (_, i) => `c${i}`) }))
      .thenThrows('ValidationError', /clientIDList/);
    spec([])
      .when(create({ thumbprints: Array.from({ length: 6 }, (_, i) => `${i}`.repeat(40)) }))
      .thenThrows('ValidationError', /thumbprintList/);
    spec([])
      .when(create({ thumbprints: ['xyz'] }))
      .thenThrows('ValidationError', /thumbprintList.1/);
    spec([])
      .when(create({ clientIds: [''] }))
      .thenThrows('ValidationError', /clientIDList.1/);
  });

  it('adds and removes client ids, idempotently as AWS', () => {
    spec([created])
      .when({ type: 'AddOidcClientId', data: { arn, clientId: 'cli' } })
      .then([
        { type: T.OpenIDConnectProviderClientIdAdded, schemaVersion: v, payload: { arn, clientId: 'cli' } },
      ]);
    spec([created])
      .when({ type: 'AddOidcClientId', data: { arn, clientId: 'ci' } })
      .thenNothing();
    spec([created])
      .when({ type: 'RemoveOidcClientId', data: { arn, clientId: 'ci' } })
      .then([
        { type: T.OpenIDConnectProviderClientIdRemoved, schemaVersion: v, payload: { arn, clientId: 'ci' } },
      ]);
    spec([created])
      .when({ type: 'RemoveOidcClientId', data: { arn, clientId: 'nope' } })
      .thenNothing();
  });

  it('replaces the thumbprints, tags and untags', () => {
    spec([created])
      .when({ type: 'UpdateOidcThumbprints', data: { arn, thumbprints: [] } })
      .then([
        {
          type: T.OpenIDConnectProviderThumbprintUpdated,
          schemaVersion: v,
          payload: { arn, thumbprints: [] },
        },
      ]);
    spec([created])
      .when({ type: 'TagOidcProvider', data: { arn, tags: [{ key: 'env', value: 'dev' }] } })
      .then([
        {
          type: T.OpenIDConnectProviderTagged,
          schemaVersion: v,
          payload: { arn, tags: [{ key: 'env', value: 'dev' }] },
        },
      ]);
    spec([created])
      .when({ type: 'UntagOidcProvider', data: { arn, tagKeys: ['TEAM'] } })
      .then([
        { type: T.OpenIDConnectProviderUntagged, schemaVersion: v, payload: { arn, tagKeys: ['team'] } },
      ]);
  });

  it('answers NoSuchEntity for a provider that does not exist or was deleted', () => {
    for (const given of [[], [created, deleted]])
      spec(given)
        .when({ type: 'DeleteOidcProvider', data: { arn } })
        .thenThrows('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
    spec([created]).when({ type: 'DeleteOidcProvider', data: { arn } }).then([deleted]);
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  EntityAlreadyExistsException,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  IAMServiceException,
  InvalidInputException,
  ListOpenIDConnectProviderTagsCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProviderTagsCommand,
  ListSAMLProvidersCommand,
  NoSuchEntityException,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  TagSAMLProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UntagSAMLProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import { DecodeAuthorizationMessageCommand, STSClient } from '@aws-sdk/client-sts';
import type { RunningApp } from '@iam/platform';
import { TestSamlIdp } from '@iam/testing';
import { startStandalone } from './standalone-app';

/**
 * OIDC and SAML identity providers through the AWS SDK v3's IAMClient,
 * unchanged but for its endpoint (standalone mode's one port): every
 * action, AWS's result members, the SDK's typed errors; and an
 * AccessDenied in XML that carries its encoded authorization message.
 */
describe('the AWS SDK v3 IAMClient: OIDC and SAML providers', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-aws-providers-'));
  let app: RunningApp;
  let root: IAMClient;
  let rootCredentials: { accessKeyId: string; secretAccessKey: string; accountId: string };
  let accountId: string;
  const client = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
    new IAMClient({ endpoint: app.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    );

  beforeAll(async () => {
    app = await startStandalone(dataDir);
    rootCredentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    accountId = rootCredentials.accountId;
    root = client(rootCredentials);
  });

  afterAll(async () => {
    root?.destroy();
    await app?.close();
  });

  it('OpenID Connect providers: create, get, list, client ids, thumbprints, tags, delete', async () => {
    const thumbprint = 'a'.repeat(40);
    const created = await root.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://keycloak.internal:8443/realms/dev',
        ClientIDList: ['ci'],
        ThumbprintList: [thumbprint],
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    const arn = `arn:aws:iam::${accountId}:oidc-provider/keycloak.internal:8443/realms/dev`;
    expect(created.OpenIDConnectProviderArn).toBe(arn);
    expect(created.Tags).toEqual([{ Key: 'team', Value: 'platform' }]);

    const got = await root.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    expect(got).toMatchObject({
      Url: 'keycloak.internal:8443/realms/dev',
      ClientIDList: ['ci'],
      ThumbprintList: [thumbprint],
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    expect(got.CreateDate).toBeInstanceOf(Date);
    expect((await root.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual([
      { Arn: arn },
    ]);

    await root.send(
      new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'web' }),
    );
    await root.send(
      new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'ci' }),
    );
    await root.send(
      new UpdateOpenIDConnectProviderThumbprintCommand({
        OpenIDConnectProviderArn: arn,
        ThumbprintList: ['b'.repeat(40), 'c'.repeat(40)],
      }),
    );
    await root.send(
      new TagOpenIDConnectProviderCommand({
        OpenIDConnectProviderArn: arn,
        Tags: [{ Key: 'env', Value: 'dev' }],
      }),
    );
    await root.send(
      new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['team'] }),
    );
    expect(
      await root.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
    ).toMatchObject({
      ClientIDList: ['web'],
      ThumbprintList: ['b'.repeat(40), 'c'.repeat(40)],
    });
    const tags = await root.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }));
    expect(tags).toMatchObject({ Tags: [{ Key: 'env', Value: 'dev' }], IsTruncated: false });

    // AWS's errors, as the SDK's typed exceptions.
    expect(
      await failure(
        root.send(
          new CreateOpenIDConnectProviderCommand({ Url: 'https://keycloak.internal:8443/realms/dev' }),
        ),
      ),
    ).toBeInstanceOf(EntityAlreadyExistsException);
    const badThumbprint = (await failure(
      root.send(
        new UpdateOpenIDConnectProviderThumbprintCommand({
          OpenIDConnectProviderArn: arn,
          ThumbprintList: ['xyz'],
        }),
      ),
    )) as IAMServiceException;
    expect([badThumbprint.name, badThumbprint.$metadata.httpStatusCode]).toEqual(['ValidationError', 400]);

    await root.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    expect(
      await failure(root.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))),
    ).toBeInstanceOf(NoSuchEntityException);
    expect((await root.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual(
      [],
    );
  });

  it('SAML providers: create, get, list, update, tags, delete', async () => {
    const idp = new TestSamlIdp('https://idp.corp.test/saml');
    const next = new TestSamlIdp('https://idp.corp.test/saml');
    const created = await root.send(
      new CreateSAMLProviderCommand({
        Name: 'CorpIdP',
        SAMLMetadataDocument: idp.metadata(),
        Tags: [{ Key: 'team', Value: 'sso' }],
      }),
    );
    const arn = `arn:aws:iam::${accountId}:saml-provider/CorpIdP`;
    expect(created).toMatchObject({ SAMLProviderArn: arn, Tags: [{ Key: 'team', Value: 'sso' }] });

    const got = await root.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    expect(got.SAMLMetadataDocument).toBe(idp.metadata());
    expect(got.CreateDate).toBeInstanceOf(Date);
    expect(got.Tags).toEqual([{ Key: 'team', Value: 'sso' }]);
    const list = await root.send(new ListSAMLProvidersCommand({}));
    expect(list.SAMLProviderList).toEqual([
      expect.objectContaining({ Arn: arn, CreateDate: expect.any(Date) }),
    ]);

    const updated = await root.send(
      new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: next.metadata() }),
    );
    expect(updated.SAMLProviderArn).toBe(arn);
    expect((await root.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLMetadataDocument).toBe(
      next.metadata(),
    );
    await root.send(
      new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }),
    );
    await root.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['team'] }));
    expect((await root.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags).toEqual([
      { Key: 'env', Value: 'prod' },
    ]);

    expect(
      await failure(
        root.send(new CreateSAMLProviderCommand({ Name: 'corpidp', SAMLMetadataDocument: idp.metadata() })),
      ),
    ).toBeInstanceOf(EntityAlreadyExistsException);
    expect(
      await failure(
        root.send(new CreateSAMLProviderCommand({ Name: 'Broken', SAMLMetadataDocument: 'x'.repeat(1200) })),
      ),
    ).toBeInstanceOf(InvalidInputException);

    await root.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
    expect(await failure(root.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })))).toBeInstanceOf(
      NoSuchEntityException,
    );
  });

  it('an AccessDenied in XML carries the encoded authorization message, which DecodeAuthorizationMessage opens', async () => {
    await root.send(new CreateUserCommand({ UserName: 'no-rights' }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'no-rights' }))).AccessKey!;
    const nobody = client({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const denied = (await failure(
      nobody.send(new ListOpenIDConnectProvidersCommand({})),
    )) as IAMServiceException;
    nobody.destroy();
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    const match = /^(.*iam:ListOpenIDConnectProviders.*) Encoded authorization failure message: (\S+)$/.exec(
      denied.message,
    );
    expect(match).not.toBeNull();
    const sts = new STSClient({
      endpoint: app.url,
      region: 'us-east-1',
      credentials: rootCredentials,
      maxAttempts: 1,
    });
    const decoded = await sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: match![2] }));
    sts.destroy();
    expect(JSON.parse(decoded.DecodedMessage!)).toMatchObject({
      allowed: false,
      context: { action: 'iam:ListOpenIDConnectProviders' },
    });
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  AssumeRoleWithWebIdentityCommand,
  DecodeAuthorizationMessageCommand,
  ExpiredTokenException,
  InvalidIdentityTokenException,
  GetFederationTokenCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import type { RunningApp } from '@iam/platform';
import { SignedClient } from '@iam/testing';
import { stsFlow } from './aws-sdk-sts-flow';
import { startStandalone } from './standalone-app';
import { TestOidcIssuer } from './test-oidc-issuer';

/**
 * The AWS SDK v3's STSClient and IAMClient, unchanged but for their
 * endpoint, against standalone mode's one port (`POST /`, STS's Query
 * protocol: Version 2011-06-15, signed for `sts`).
 */
describe('the AWS SDK v3 STSClient and IAMClient against standalone mode', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-aws-sts-'));
  let app: RunningApp;
  let root: { accessKeyId: string; secretAccessKey: string; accountId: string };
  const sts = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new STSClient({ endpoint: app.url, region: 'us-east-1', credentials, maxAttempts: 1 });

  /** A form-encoded Query request signed for `service`; the answer's text. */
  const form = (service: string, body: string) =>
    new SignedClient(app.url, root, { service }).requestRaw<string>('POST', '/', {
      body,
      contentType: 'application/x-www-form-urlencoded',
    });

  beforeAll(async () => {
    app = await startStandalone(dataDir);
    root = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a user signed in from the environment makes a role, assumes it and uses the session', async () => {
    await stsFlow({
      endpoint: app.url,
      root,
      accountId: root.accountId,
      prefix: 'sa',
      settle: (attempt) => attempt(),
    });
  });

  it("answers GetCallerIdentity for root, and STS's XML as AWS writes it", async () => {
    const client = sts(root);
    expect(await client.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: root.accountId,
      Arn: `arn:aws:iam::${root.accountId}:root`,
      UserId: root.accountId,
    });
    client.destroy();
    const raw = await form('sts', 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(raw.status).toBe(200);
    expect(raw.body).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><Account>\d{12}<\/Account><Arn>arn:aws:iam::\d{12}:root<\/Arn><UserId>\d{12}<\/UserId><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/,
    );
    // An STS action with IAM's version, or signed for iam, is not answered as STS.
    const wrongVersion = await form('sts', 'Action=GetCallerIdentity&Version=2010-05-08');
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body).toContain('<Code>InvalidAction</Code>');
    expect(wrongVersion.body).toContain('xmlns="https://sts.amazonaws.com/doc/2011-06-15/"');
    const wrongService = await form('iam', 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(wrongService.status).toBe(403);
    expect(wrongService.body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('takes empty lists as the SDKs send them (`Tags=`), as empty lists', async () => {
    const iam = new IAMClient({ endpoint: app.url, region: 'us-east-1', credentials: root, maxAttempts: 1 });
    const user = await iam.send(new CreateUserCommand({ UserName: 'no-tags', Tags: [] }));
    expect(user.User?.UserName).toBe('no-tags');
    iam.destroy();
    const client = sts(root);
    const federated = await client.send(
      new GetFederationTokenCommand({ Name: 'empty-lists', DurationSeconds: 900, PolicyArns: [], Tags: [] }),
    );
    expect(federated.FederatedUser?.Arn).toBe(`arn:aws:sts::${root.accountId}:federated-user/empty-lists`);
    client.destroy();
  });

  it('AssumeRoleWithWebIdentity, unsigned as the SDK sends it, with its typed errors', async () => {
    const issuer = await TestOidcIssuer.start('/realms/wire');
    try {
      const admin = new SignedClient(app.url, root);
      expect(
        (await admin.request('POST', '/v1/oidc-providers', { url: issuer.url, clientIDList: ['ci'] })).status,
      ).toBe(201);
      const providerArn = `arn:aws:iam::${root.accountId}:oidc-provider/${issuer.resource}`;
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: providerArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { [`${issuer.resource}:aud`]: 'ci' } },
          },
        ],
      });
      const role = await admin.request<{ role: { arn: string; roleId: string } }>('POST', '/v1/roles', {
        roleName: 'WireCi',
        assumeRolePolicyDocument: trust,
      });
      expect(role.status).toBe(201);

      // No credentials: the SDK sends this action unsigned.
      const anonymous = new STSClient({ endpoint: app.url, region: 'us-east-1', maxAttempts: 1 });
      const assumed = await anonymous.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: role.body.role.arn,
          RoleSessionName: 'ci-run',
          WebIdentityToken: await issuer.token(),
          DurationSeconds: 900,
        }),
      );
      expect(assumed).toMatchObject({
        AssumedRoleUser: {
          Arn: `arn:aws:sts::${root.accountId}:assumed-role/WireCi/ci-run`,
          AssumedRoleId: `${role.body.role.roleId}:ci-run`,
        },
        SubjectFromWebIdentityToken: 'repo:org/app:ref:refs/heads/main',
        Audience: 'ci',
      });
      expect(assumed.Credentials!.AccessKeyId).toMatch(/^ASIA/);
      const session = sts({
        accessKeyId: assumed.Credentials!.AccessKeyId!,
        secretAccessKey: assumed.Credentials!.SecretAccessKey!,
        sessionToken: assumed.Credentials!.SessionToken!,
      });
      expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toBe(assumed.AssumedRoleUser!.Arn);
      session.destroy();

      const forged = await anonymous
        .send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: role.body.role.arn,
            RoleSessionName: 'ci-run',
            WebIdentityToken: await issuer.token({}, { key: await issuer.unpublishedKey('forged') }),
          }),
        )
        .catch((e: unknown) => e);
      expect(forged).toBeInstanceOf(InvalidIdentityTokenException);
      const now = Math.floor(Date.now() / 1000);
      const expired = await anonymous
        .send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: role.body.role.arn,
            RoleSessionName: 'ci-run',
            WebIdentityToken: await issuer.token({ iat: now - 600, exp: now - 300 }),
          }),
        )
        .catch((e: unknown) => e);
      expect(expired).toBeInstanceOf(ExpiredTokenException);
      anonymous.destroy();
    } finally {
      await issuer.close();
    }
  });

  it('DecodeAuthorizationMessage decodes what an AccessDenied carried', async () => {
    // A user without permissions is denied on the JSON door, which hands out the encoded message.
    const admin = new SignedClient(app.url, root);
    expect((await admin.request('POST', '/v1/users', { userName: 'nobody-allowed' })).status).toBe(201);
    const key = await admin.request<{ accessKey: { accessKeyId: string; secretAccessKey: string } }>(
      'POST',
      '/v1/users/nobody-allowed/access-keys',
    );
    const denied = await admin
      .withCredentials(key.body.accessKey)
      .request<{ error: { encodedAuthorizationMessage: string } }>('POST', '/v1/users', { userName: 'x' });
    expect(denied.status).toBe(403);
    const client = sts(root);
    const decoded = await client.send(
      new DecodeAuthorizationMessageCommand({
        EncodedMessage: denied.body.error.encodedAuthorizationMessage,
      }),
    );
    expect(JSON.parse(decoded.DecodedMessage!)).toMatchObject({ allowed: false });
    const bad = await client
      .send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' }))
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(STSServiceException);
    expect((bad as STSServiceException).name).toBe('InvalidAuthorizationMessageException');
    client.destroy();
  });
});

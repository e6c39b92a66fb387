import { eventually, SignedClient, type Credentials } from '@iam/testing';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/**
 * Encoded authorization messages across services (distributed, real Kafka):
 * an AccessDenied of identity carries the engine's explanation, sealed; sts
 * decodes it for a caller allowed sts:DecodeAuthorizationMessage only.
 */
describe('DecodeAuthorizationMessage (distributed: identity denies, sts decodes)', () => {
  let s: DistributedServices;
  let dev: { identity: SignedClient; sts: SignedClient; arn: string; userId: string };
  let auditor: { sts: SignedClient; credentials: Credentials };

  async function newUser(userName: string) {
    const user = await s.rootIdentity.request<Json>('POST', '/v1/users', { userName });
    expect(user.status).toBe(201);
    const key = await s.rootIdentity.request<Json>('POST', `/v1/users/${userName}/access-keys`);
    const credentials = key.body.accessKey;
    return {
      identity: s.rootIdentity.withCredentials(credentials),
      sts: new SignedClient(s.sts!.url, credentials, { service: 'sts' }),
      credentials: credentials as Credentials,
      arn: user.body.user.arn as string,
      userId: user.body.user.userId as string,
    };
  }

  const becomes = (request: () => Promise<{ status: number }>, status: number) =>
    eventually(
      async () => (await request()).status,
      (got) => got === status,
      { timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    s = await startDistributedServices({}, { sts: true });
    dev = await newUser('msg-dev');
    auditor = await newUser('msg-auditor');
    // The policy service learns of the users over Kafka.
    await becomes(
      () =>
        s.rootPolicy.request('PUT', '/v1/users/msg-dev/policies/People', {
          policyDocument: doc(
            { Sid: 'ReadPeople', Effect: 'Allow', Action: ['iam:GetUser', 'iam:DeleteUser'], Resource: '*' },
            {
              Sid: 'KeepAdmins',
              Effect: 'Deny',
              Action: 'iam:DeleteUser',
              Resource: `arn:aws:iam::${s.accountId}:user/admin-*`,
            },
          ),
        }),
      204,
    );
    await becomes(
      () =>
        s.rootPolicy.request('PUT', '/v1/users/msg-auditor/policies/Decode', {
          policyDocument: doc({ Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' }),
        }),
      204,
    );
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'admin-ann' })).status).toBe(201);
  });

  afterAll(async () => {
    await s?.stop();
  });

  it('decodes a denial of identity for an allowed caller: principal, action, resource, deciding statement, context', async () => {
    await becomes(() => dev.identity.request('GET', '/v1/users/admin-ann'), 200);
    const denied = await dev.identity.request<Json>('DELETE', '/v1/users/admin-ann');
    expect(denied.status).toBe(403);
    // The message text is as before; the explanation travels beside it.
    expect(denied.body.error.message).toBe(
      `User: ${dev.arn} is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::${s.accountId}:user/admin-ann with an explicit deny in an identity-based policy`,
    );
    const encoded = denied.body.error.encodedAuthorizationMessage as string;
    expect(encoded).toEqual(expect.any(String));
    expect(encoded).not.toContain('admin-ann');

    await becomes(
      () => auditor.sts.request('POST', '/v1/sts/decode-authorization-message', { encodedMessage: encoded }),
      200,
    );
    const decoded = await auditor.sts.request<Json>('POST', '/v1/sts/decode-authorization-message', {
      encodedMessage: encoded,
    });
    const message = JSON.parse(decoded.body.decodedMessage);
    expect(message).toMatchObject({
      allowed: false,
      explicitDeny: true,
      decision: 'ExplicitDeny',
      decidedBy: 'identity',
      context: {
        principal: { id: dev.userId, name: 'msg-dev', arn: dev.arn },
        action: 'iam:DeleteUser',
        resource: `arn:aws:iam::${s.accountId}:user/admin-ann`,
      },
    });
    const labels = message.matchedStatements.items.map((m: Json) => m.label);
    expect(labels).toEqual(expect.arrayContaining([expect.stringContaining('#KeepAdmins')]));
    expect(message.matchedStatements.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ effect: 'Deny', sid: 'KeepAdmins' })]),
    );
    const keys = message.context.conditions.items.map((c: Json) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['aws:SourceIp', 'aws:CurrentTime']));
  });

  it('refuses to decode for a caller without sts:DecodeAuthorizationMessage (itself a decodable denial)', async () => {
    const denied = await dev.identity.request<Json>('DELETE', '/v1/users/admin-ann');
    const refused = await dev.sts.request<Json>('POST', '/v1/sts/decode-authorization-message', {
      encodedMessage: denied.body.error.encodedAuthorizationMessage,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('sts:DecodeAuthorizationMessage'),
    });
    const own = await auditor.sts.request<Json>('POST', '/v1/sts/decode-authorization-message', {
      encodedMessage: refused.body.error.encodedAuthorizationMessage,
    });
    expect(JSON.parse(own.body.decodedMessage).context.action).toBe('sts:DecodeAuthorizationMessage');
  });

  it('is signed for sts, as AWS SDKs sign it: a request signed for iam is refused before anything is decoded', async () => {
    const denied = await dev.identity.request<Json>('DELETE', '/v1/users/admin-ann');
    const signedForIam = new SignedClient(s.sts!.url, auditor.credentials);
    const refused = await signedForIam.request<Json>('POST', '/v1/sts/decode-authorization-message', {
      encodedMessage: denied.body.error.encodedAuthorizationMessage,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.decodedMessage).toBeUndefined();
  });

  it('answers InvalidAuthorizationMessageException for a tampered or foreign message, ValidationError for none', async () => {
    const denied = await dev.identity.request<Json>('DELETE', '/v1/users/admin-ann');
    const encoded = denied.body.error.encodedAuthorizationMessage as string;
    // One character of the ciphertext changed (the last one may only carry padding bits).
    const at = encoded.length - 10;
    const tampered = `${encoded.slice(0, at)}${encoded[at] === 'A' ? 'B' : 'A'}${encoded.slice(at + 1)}`;
    for (const bad of [tampered, 'v1.e2e.AAAA.BBBB.CCCC', 'not-a-message']) {
      const answer = await auditor.sts.request<Json>('POST', '/v1/sts/decode-authorization-message', {
        encodedMessage: bad,
      });
      expect([answer.status, answer.body.error.code]).toEqual([400, 'InvalidAuthorizationMessageException']);
    }
    const none = await auditor.sts.request<Json>('POST', '/v1/sts/decode-authorization-message', {});
    expect([none.status, none.body.error.code]).toEqual([400, 'ValidationError']);
  });
});

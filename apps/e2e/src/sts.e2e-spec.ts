import { SessionStore } from '@iam/auth';
import { eventually, SignedClient, type Credentials } from '@iam/testing';
import { RedisTtlStore } from '@iam/ttl-store';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const enc = encodeURIComponent;
const AdministratorAccess = 'arn:aws:iam::aws:policy/AdministratorAccess';

/**
 * STS in distributed mode: the sts service issues sessions into real Redis
 * and announces them on Kafka; identity and policy accept them. Requests are
 * signed as an SDK signs them (service `sts` for STS, `iam` elsewhere).
 */
describe('STS: AssumeRole, GetSessionToken, GetFederationToken, revocation (distributed)', () => {
  let s: DistributedServices;
  let A: string;
  let B: string;
  let redis: RedisTtlStore;
  let sessions: SessionStore;
  let alice: Credentials;
  let bob: Credentials;
  let carol: Credentials;
  let rootB: Credentials;

  /** Clients of each service for some credentials. */
  const on = (credentials: Credentials) => ({
    sts: new SignedClient(s.sts!.url, credentials, { service: 'sts' }),
    iamOnSts: new SignedClient(s.sts!.url, credentials),
    identity: new SignedClient(s.identity.url, credentials),
    policy: new SignedClient(s.policy.url, credentials),
  });
  const code = (r: { body: unknown }) => (r.body as Json)?.error?.code as string | undefined;
  const assume = (credentials: Credentials, body: Json) =>
    on(credentials).sts.request<Json>('POST', '/v1/sts/assume-role', body);
  const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
  const credentialsOf = (r: { body: Json }): Credentials => r.body.credentials;

  async function user(root: Credentials, name: string, policy?: string): Promise<Credentials> {
    const r = on(root);
    expect((await r.identity.request('POST', '/v1/users', { userName: name })).status).toBe(201);
    const key = await r.identity.request<Json>('POST', `/v1/users/${name}/access-keys`);
    if (policy)
      await eventually(
        async () =>
          (await r.policy.request('PUT', `/v1/users/${name}/policies/Work`, { policyDocument: policy }))
            .status,
        (status) => status === 204,
        { timeoutMs: 30_000 },
      );
    return key.body.accessKey;
  }

  async function role(root: Credentials, name: string, trust: string, extra: Json = {}): Promise<void> {
    const r = on(root);
    const created = await r.identity.request('POST', '/v1/roles', {
      roleName: name,
      assumeRolePolicyDocument: trust,
      ...extra,
    });
    expect(created.status).toBe(201);
  }

  async function rolePolicy(root: Credentials, name: string, policy: string): Promise<void> {
    await eventually(
      async () =>
        (await on(root).policy.request('PUT', `/v1/roles/${name}/policies/Work`, { policyDocument: policy }))
          .status,
      (status) => status === 204,
      { timeoutMs: 30_000 },
    );
  }

  /** Until sts and every service have caught up with identity and policy (Kafka), retry what is expected to work. */
  const until = <T extends { status: number }>(request: () => Promise<T>, status = 200) =>
    eventually(request, (r) => r.status === status, { timeoutMs: 30_000 });

  beforeAll(async () => {
    s = await startDistributedServices({}, { sts: true });
    A = s.accountId;
    redis = new RedisTtlStore(s.infra.redisUrl);
    sessions = new SessionStore(redis);

    alice = await user(
      rootKey,
      'alice',
      doc(
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:GetFederationToken'],
          Resource: '*',
        },
        { Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetUser'], Resource: '*' },
      ),
    );
    const anyoneInA = { AWS: `arn:aws:iam::${A}:root` };
    await role(
      rootKey,
      'Admin',
      doc({
        Effect: 'Allow',
        Principal: anyoneInA,
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
      }),
      {
        maxSessionDuration: 7200,
      },
    );
    await until(
      () =>
        on(rootKey).policy.request('PUT', `/v1/roles/Admin/attached-policies/${enc(AdministratorAccess)}`),
      204,
    );
    await role(
      rootKey,
      'Tagged',
      doc({ Effect: 'Allow', Principal: anyoneInA, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
    );
    await rolePolicy(
      rootKey,
      'Tagged',
      doc({
        Effect: 'Allow',
        Action: 'iam:GetUser',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
      }),
    );

    const member = await s.rootIdentity.request<Json>('POST', '/v1/accounts', { accountName: 'partner' });
    rootB = member.body.rootAccessKey;
    B =
      member.body.account?.accountId ??
      member.body.accountId ??
      (await on(rootB).identity.request<Json>('GET', '/v1/me')).body.account;
    await until(() => on(rootB).identity.request('GET', '/v1/me'));
    await role(
      rootKey,
      'Partner',
      doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${B}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'xyz-123' } },
      }),
    );
    await rolePolicy(rootKey, 'Partner', doc({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }));
    bob = await user(
      rootB,
      'bob',
      doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn(A, 'Partner') }),
    );
    carol = await user(rootB, 'carol', doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));

    // sts knows the roles and alice's key, and the role policies reached identity, once this works.
    const admin = await until(() =>
      assume(alice, { roleArn: roleArn(A, 'Admin'), roleSessionName: 'warmup' }),
    );
    await until(() => on(credentialsOf(admin)).identity.request('GET', '/v1/users'));
    await until(() =>
      assume(bob, { roleArn: roleArn(A, 'Partner'), roleSessionName: 'warmup', externalId: 'xyz-123' }),
    );
    await until(() => assume(alice, { roleArn: roleArn(A, 'Tagged'), roleSessionName: 'warmup' }));
  }, 240_000);

  afterAll(async () => {
    await redis?.close();
    await s?.stop();
  });

  it('assumes a role in the same account and works as it on identity and policy', async () => {
    const r = await assume(alice, { roleArn: roleArn(A, 'Admin'), roleSessionName: 'deploy-1' });
    expect(r.status).toBe(200);
    expect(r.body.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(r.body.credentials.secretAccessKey).toHaveLength(40);
    expect(typeof r.body.credentials.sessionToken).toBe('string');
    const expiresIn = Date.parse(r.body.credentials.expiration) - Date.now();
    expect(expiresIn).toBeGreaterThan(3590_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
    expect(r.body.assumedRoleUser.arn).toBe(`arn:aws:sts::${A}:assumed-role/Admin/deploy-1`);
    expect(r.body.assumedRoleUser.assumedRoleId).toMatch(/^AROA[A-Z2-7]+:deploy-1$/);
    expect(r.body.packedPolicySize).toBeUndefined();

    const session = on(credentialsOf(r));
    expect((await session.sts.request<Json>('POST', '/v1/sts/caller-identity')).body).toEqual({
      account: A,
      arn: `arn:aws:sts::${A}:assumed-role/Admin/deploy-1`,
      userId: r.body.assumedRoleUser.assumedRoleId,
    });
    expect((await session.identity.request('POST', '/v1/users', { userName: 'made-by-role' })).status).toBe(
      201,
    );
    expect((await session.policy.request('GET', '/v1/policies?scope=Local')).status).toBe(200);
  });

  it('refuses the root user, a role that does not trust the caller, and a role that does not exist, with AccessDenied', async () => {
    const asRoot = await assume(rootKey, { roleArn: roleArn(A, 'Admin'), roleSessionName: 'root' });
    expect(asRoot.status).toBe(403);
    expect(asRoot.body.error).toMatchObject({
      code: 'AccessDenied',
      message: 'Roles may not be assumed by root accounts.',
    });
    const untrusted = await assume(alice, {
      roleArn: roleArn(A, 'Partner'),
      roleSessionName: 'nope',
      externalId: 'xyz-123',
    });
    expect(untrusted.status).toBe(403);
    expect(untrusted.body.error.message).toBe(
      `User: arn:aws:iam::${A}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${roleArn(A, 'Partner')}`,
    );
    expect(code(await assume(alice, { roleArn: roleArn(A, 'Ghost'), roleSessionName: 'nope' }))).toBe(
      'AccessDenied',
    );
  });

  it('assumes a role of another account only when both sides allow it, with the right ExternalId', async () => {
    const ok = await assume(bob, {
      roleArn: roleArn(A, 'Partner'),
      roleSessionName: 'partner',
      externalId: 'xyz-123',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.assumedRoleUser.arn).toBe(`arn:aws:sts::${A}:assumed-role/Partner/partner`);
    const session = on(credentialsOf(ok));
    expect((await session.identity.request('GET', '/v1/roles')).status).toBe(200);
    expect((await session.identity.request('GET', '/v1/users')).status).toBe(403);
    expect((await session.sts.request<Json>('POST', '/v1/sts/caller-identity')).body.account).toBe(A);

    for (const externalId of [undefined, 'wrong-id']) {
      const r = await assume(bob, {
        roleArn: roleArn(A, 'Partner'),
        roleSessionName: 'partner',
        ...(externalId ? { externalId } : {}),
      });
      expect(r.status).toBe(403);
      expect(code(r)).toBe('AccessDenied');
    }
    // The trust policy names carol's account, but her own policies do not allow sts:AssumeRole.
    const carolTried = await assume(carol, {
      roleArn: roleArn(A, 'Partner'),
      roleSessionName: 'carol',
      externalId: 'xyz-123',
    });
    expect(carolTried.status).toBe(403);
    expect(code(carolTried)).toBe('AccessDenied');
  });

  it('narrows an admin role to its session policy, and reports the packed size', async () => {
    const r = await assume(alice, {
      roleArn: roleArn(A, 'Admin'),
      roleSessionName: 'narrow',
      policy: doc({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }),
    });
    expect(r.status).toBe(200);
    expect(r.body.packedPolicySize).toBeGreaterThan(0);
    expect(r.body.packedPolicySize).toBeLessThanOrEqual(100);
    const session = on(credentialsOf(r));
    expect((await session.identity.request('GET', '/v1/roles')).status).toBe(200);
    const denied = await session.identity.request<Json>('GET', '/v1/users');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('because no session policy allows the iam:ListUsers action');
  });

  it('uses session tags as aws:PrincipalTag in conditions', async () => {
    const blue = await assume(alice, {
      roleArn: roleArn(A, 'Tagged'),
      roleSessionName: 'blue',
      tags: [{ key: 'team', value: 'blue' }],
    });
    expect(blue.status).toBe(200);
    expect((await on(credentialsOf(blue)).identity.request('GET', '/v1/users/alice')).status).toBe(200);
    const red = await assume(alice, {
      roleArn: roleArn(A, 'Tagged'),
      roleSessionName: 'red',
      tags: [{ key: 'team', value: 'red' }],
    });
    expect((await on(credentialsOf(red)).identity.request('GET', '/v1/users/alice')).status).toBe(403);
  });

  it('chains roles for at most one hour, carrying transitive tags and the source identity', async () => {
    const first = await assume(alice, {
      roleArn: roleArn(A, 'Admin'),
      roleSessionName: 'first',
      durationSeconds: 7200,
      sourceIdentity: 'alice-laptop',
      tags: [
        { key: 'project', value: 'apollo' },
        { key: 'team', value: 'blue' },
      ],
      transitiveTagKeys: ['project'],
    });
    expect(first.status).toBe(200);
    expect(first.body.sourceIdentity).toBe('alice-laptop');
    const parent = credentialsOf(first);

    const tooLong = await assume(parent, {
      roleArn: roleArn(A, 'Admin'),
      roleSessionName: 'second',
      durationSeconds: 3601,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({
      code: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const otherSource = await assume(parent, {
      roleArn: roleArn(A, 'Admin'),
      roleSessionName: 'second',
      sourceIdentity: 'mallory',
    });
    expect(code(otherSource)).toBe('ValidationError');

    const second = await assume(parent, {
      roleArn: roleArn(A, 'Admin'),
      roleSessionName: 'second',
      durationSeconds: 3600,
    });
    expect(second.status).toBe(200);
    expect(second.body.sourceIdentity).toBe('alice-laptop');
    const chained = (await sessions.find(second.body.credentials.accessKeyId))!.session;
    expect(chained.chained).toBe(true);
    expect(chained.sourceIdentity).toBe('alice-laptop');
    expect(chained.tags).toEqual({ project: 'apollo' });
    expect(chained.transitiveTagKeys).toEqual(['project']);
    expect(Date.parse(chained.expiresAt) - Date.parse(chained.issuedAt)).toBe(3600_000);
    // The chained session ends with its parent.
    expect((await on(credentialsOf(second)).identity.request('GET', '/v1/users')).status).toBe(200);
    expect((await on(parent).sts.request('DELETE', `/v1/sts/sessions/${parent.accessKeyId}`)).status).toBe(
      204,
    );
    expect(code(await on(credentialsOf(second)).identity.request('GET', '/v1/users'))).toBe(
      'InvalidClientTokenId',
    );
  });

  it('GetSessionToken: a user’s own credentials, only from long-term keys, with AWS’s durations', async () => {
    const r = await on(alice).sts.request<Json>('POST', '/v1/sts/session-token', {});
    expect(r.status).toBe(200);
    expect(Date.parse(r.body.credentials.expiration) - Date.now()).toBeGreaterThan(43_190_000);
    const session = on(credentialsOf(r));
    const me = await session.sts.request<Json>('POST', '/v1/sts/caller-identity');
    expect(me.body).toMatchObject({ account: A, arn: `arn:aws:iam::${A}:user/alice` });
    expect(me.body.userId).toMatch(/^AIDA/);
    expect((await session.identity.request('GET', '/v1/users')).status).toBe(200);
    expect(code(await session.sts.request('POST', '/v1/sts/session-token', {}))).toBe('AccessDenied');
    expect(
      code(await on(alice).sts.request('POST', '/v1/sts/session-token', { durationSeconds: 129_601 })),
    ).toBe('ValidationError');
    expect(
      code(await on(rootKey).sts.request('POST', '/v1/sts/session-token', { durationSeconds: 3601 })),
    ).toBe('ValidationError');
    const root = await on(rootKey).sts.request<Json>('POST', '/v1/sts/session-token', {});
    expect(root.status).toBe(200);
    expect(
      (await on(credentialsOf(root)).sts.request<Json>('POST', '/v1/sts/caller-identity')).body.arn,
    ).toBe(`arn:aws:iam::${A}:root`);
  });

  it('GetFederationToken: permissions are the user’s intersected with the policy passed', async () => {
    const r = await on(alice).sts.request<Json>('POST', '/v1/sts/federation-token', {
      name: 'fed-alice',
      policy: doc({ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListRoles'], Resource: '*' }),
    });
    expect(r.status).toBe(200);
    expect(r.body.federatedUser).toEqual({
      arn: `arn:aws:sts::${A}:federated-user/fed-alice`,
      federatedUserId: `${A}:fed-alice`,
    });
    const fed = on(credentialsOf(r));
    expect((await fed.sts.request<Json>('POST', '/v1/sts/caller-identity')).body).toEqual({
      account: A,
      arn: `arn:aws:sts::${A}:federated-user/fed-alice`,
      userId: `${A}:fed-alice`,
    });
    expect((await fed.identity.request('GET', '/v1/users')).status).toBe(200); // both allow
    expect((await fed.identity.request('GET', '/v1/roles')).status).toBe(403); // alice may not
    expect((await fed.identity.request('GET', '/v1/users/alice')).status).toBe(403); // the policy does not
    expect(
      code(
        await fed.sts.request('POST', '/v1/sts/assume-role', {
          roleArn: roleArn(A, 'Admin'),
          roleSessionName: 'xx',
        }),
      ),
    ).toBe('AccessDenied');

    const bare = await on(alice).sts.request<Json>('POST', '/v1/sts/federation-token', { name: 'bare' });
    expect((await on(credentialsOf(bare)).identity.request('GET', '/v1/users')).status).toBe(403);
    expect(code(await on(carol).sts.request('POST', '/v1/sts/federation-token', { name: 'carol' }))).toBe(
      'AccessDenied',
    );
  });

  it('revokes every session of a role at once on another service; later ones work', async () => {
    const before = credentialsOf(
      await assume(alice, { roleArn: roleArn(A, 'Admin'), roleSessionName: 'before' }),
    );
    expect((await on(before).policy.request('GET', '/v1/policies?scope=Local')).status).toBe(200);

    expect((await on(alice).iamOnSts.request('POST', '/v1/roles/Admin/revoke-sessions')).status).toBe(403);
    const revoked = await on(rootKey).iamOnSts.request<Json>('POST', '/v1/roles/Admin/revoke-sessions');
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ roleName: 'Admin', roleArn: roleArn(A, 'Admin') });
    // No wait: the very next request on the policy service is refused.
    expect(code(await on(before).policy.request('GET', '/v1/policies?scope=Local'))).toBe(
      'InvalidClientTokenId',
    );
    expect(code(await on(before).identity.request('GET', '/v1/users'))).toBe('InvalidClientTokenId');

    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = credentialsOf(
      await assume(alice, { roleArn: roleArn(A, 'Admin'), roleSessionName: 'after' }),
    );
    expect((await on(after).policy.request('GET', '/v1/policies?scope=Local')).status).toBe(200);
    expect(code(await on(rootKey).iamOnSts.request('POST', '/v1/roles/Ghost/revoke-sessions'))).toBe(
      'NoSuchEntity',
    );
  });

  it('revokes one session by its access key id: its account administrator may, others may not', async () => {
    const target = credentialsOf(
      await assume(alice, { roleArn: roleArn(A, 'Admin'), roleSessionName: 'one' }),
    );
    expect((await on(target).identity.request('GET', '/v1/users')).status).toBe(200);
    expect(code(await on(alice).sts.request('DELETE', `/v1/sts/sessions/${target.accessKeyId}`))).toBe(
      'AccessDenied',
    );
    expect(code(await on(rootB).sts.request('DELETE', `/v1/sts/sessions/${target.accessKeyId}`))).toBe(
      'NoSuchEntity',
    );
    expect((await on(rootKey).sts.request('DELETE', `/v1/sts/sessions/${target.accessKeyId}`)).status).toBe(
      204,
    );
    expect(code(await on(target).policy.request('GET', '/v1/policies?scope=Local'))).toBe(
      'InvalidClientTokenId',
    );
  });

  it('ends a user’s sessions when its password is deleted', async () => {
    const dave = await user(
      rootKey,
      'dave',
      doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }),
    );
    const r = on(rootKey);
    expect(
      (
        await r.identity.request('PUT', '/v1/users/dave/login-profile', {
          password: 'Correct-Horse-Battery-9',
        })
      ).status,
    ).toBe(201);
    const session = credentialsOf(
      await until(() => on(dave).sts.request<Json>('POST', '/v1/sts/session-token', {})),
    );
    await until(() => on(session).identity.request('GET', '/v1/users'));
    expect((await r.identity.request('DELETE', '/v1/users/dave/login-profile')).status).toBe(204);
    await eventually(
      async () => code(await on(session).identity.request('GET', '/v1/users')),
      (c) => c === 'InvalidClientTokenId',
      { timeoutMs: 10_000 },
    );
    // Long-term keys are unaffected.
    expect((await on(dave).identity.request('GET', '/v1/users')).status).toBe(200);
  });

  it('GetAccessKeyInfo answers the account of long-term and temporary keys', async () => {
    expect(
      (await on(alice).sts.request<Json>('POST', '/v1/sts/access-key-info', { accessKeyId: bob.accessKeyId }))
        .status,
    ).toBe(403);
    const root = on(rootKey).sts;
    expect(
      (await root.request<Json>('POST', '/v1/sts/access-key-info', { accessKeyId: bob.accessKeyId })).body,
    ).toEqual({ account: B });
    const temporary = credentialsOf(
      await assume(alice, { roleArn: roleArn(A, 'Admin'), roleSessionName: 'info' }),
    );
    expect(
      (await root.request<Json>('POST', '/v1/sts/access-key-info', { accessKeyId: temporary.accessKeyId }))
        .body,
    ).toEqual({ account: A });
    expect(
      code(await root.request('POST', '/v1/sts/access-key-info', { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })),
    ).toBe('NoSuchEntity');
    expect(code(await root.request('POST', '/v1/sts/access-key-info', { accessKeyId: 'short' }))).toBe(
      'ValidationError',
    );
  });

  it('answers every bad input with AWS’s error code', async () => {
    const admin = roleArn(A, 'Admin');
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const random = (n: number) =>
      Array.from({ length: n }, () => Math.random().toString(36).slice(2, 3)).join('');
    const cases: [Json, string][] = [
      [{ roleArn: admin, roleSessionName: 'd', durationSeconds: 899 }, 'ValidationError'],
      [{ roleArn: admin, roleSessionName: 'dd', durationSeconds: 43_201 }, 'ValidationError'],
      [{ roleArn: roleArn(A, 'Tagged'), roleSessionName: 'dd', durationSeconds: 3601 }, 'ValidationError'],
      [{ roleArn: admin, roleSessionName: 'dd', durationSeconds: 'long' }, 'ValidationError'],
      [{ roleArn: admin, roleSessionName: 'a' }, 'ValidationError'],
      [{ roleArn: admin, roleSessionName: 'bad name!' }, 'ValidationError'],
      [{ roleArn: admin, roleSessionName: 'x'.repeat(65) }, 'ValidationError'],
      [{ roleArn: admin }, 'ValidationError'],
      [{ roleArn: 'not-an-arn', roleSessionName: 'ok' }, 'ValidationError'],
      [{ roleArn: `arn:aws:iam::${A}:user/alice`, roleSessionName: 'ok' }, 'ValidationError'],
      [{ roleArn: admin, roleSessionName: 'ok', externalId: 'x' }, 'ValidationError'],
      [{ roleArn: admin, roleSessionName: 'ok', sourceIdentity: 'aws:me' }, 'ValidationError'],
      [
        {
          roleArn: admin,
          roleSessionName: 'ok',
          policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser"}]}',
        },
        'MalformedPolicyDocument',
      ],
      [{ roleArn: admin, roleSessionName: 'ok', policy: '{not json' }, 'MalformedPolicyDocument'],
      [
        {
          roleArn: admin,
          roleSessionName: 'ok',
          policy: doc({
            Effect: 'Allow',
            Action: 'iam:GetUser',
            Resource: `arn:aws:iam::${A}:user/${'x'.repeat(2100)}`,
          }),
        },
        'ValidationError',
      ],
      [
        {
          roleArn: admin,
          roleSessionName: 'ok',
          policy: doc({ Sid: random(1900), Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }),
          tags: Array.from({ length: 40 }, (_, i) => ({ key: `k${i}-${random(100)}`, value: random(250) })),
        },
        'PackedPolicyTooLarge',
      ],
      [
        {
          roleArn: admin,
          roleSessionName: 'ok',
          policyArns: Array.from({ length: 11 }, () => ({ arn: AdministratorAccess })),
        },
        'ValidationError',
      ],
      [
        { roleArn: admin, roleSessionName: 'ok', policyArns: [{ arn: 'arn:aws:iam::aws:role/NotAPolicy' }] },
        'ValidationError',
      ],
      [{ roleArn: admin, roleSessionName: 'ok', tags: tags(51) }, 'ValidationError'],
      [
        {
          roleArn: admin,
          roleSessionName: 'ok',
          tags: [
            { key: 'Team', value: 'a' },
            { key: 'team', value: 'b' },
          ],
        },
        'ValidationError',
      ],
      [
        { roleArn: admin, roleSessionName: 'ok', tags: [{ key: 'a', value: 'b' }], transitiveTagKeys: ['c'] },
        'ValidationError',
      ],
      [{ roleArn: admin, roleSessionName: 'ok', tags: null }, 'ValidationError'],
      [
        { roleArn: admin, roleSessionName: 'ok', serialNumber: `arn:aws:iam::${A}:mfa/alice` },
        'ValidationError',
      ],
      [
        {
          roleArn: admin,
          roleSessionName: 'ok',
          serialNumber: `arn:aws:iam::${A}:mfa/alice`,
          tokenCode: '12345',
        },
        'ValidationError',
      ],
      [
        {
          roleArn: admin,
          roleSessionName: 'ok',
          serialNumber: `arn:aws:iam::${A}:mfa/alice`,
          tokenCode: '123456',
        },
        'AccessDenied',
      ],
    ];
    for (const [body, expected] of cases) {
      const r = await assume(alice, body);
      if (code(r) !== expected)
        throw new Error(
          `${JSON.stringify(body).slice(0, 200)} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`,
        );
      expect(r.status).toBe(expected === 'AccessDenied' ? 403 : 400);
    }
    const mfa = await assume(alice, {
      roleArn: admin,
      roleSessionName: 'ok',
      serialNumber: `arn:aws:iam::${A}:mfa/alice`,
      tokenCode: '123456',
    });
    expect(mfa.body.error.message).toBe(
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );

    const federation: [Json, string][] = [
      [{ name: 'x' }, 'ValidationError'],
      [{ name: 'x'.repeat(33) }, 'ValidationError'],
      [{ name: 'fed', durationSeconds: 129_601 }, 'ValidationError'],
      [{ name: 'fed', durationSeconds: 899 }, 'ValidationError'],
      [
        { name: 'fed', policyArns: Array.from({ length: 11 }, () => ({ arn: AdministratorAccess })) },
        'ValidationError',
      ],
      [{ name: 'fed', policy: '[]' }, 'MalformedPolicyDocument'],
    ];
    for (const [body, expected] of federation) {
      const r = await on(alice).sts.request<Json>('POST', '/v1/sts/federation-token', body);
      if (code(r) !== expected)
        throw new Error(`${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
    }
    // Signed for the wrong service: an SDK's STS client signs for `sts`.
    const wrongService = await on(alice).iamOnSts.request('POST', '/v1/sts/caller-identity');
    expect(wrongService.status).toBe(403);
  });
});

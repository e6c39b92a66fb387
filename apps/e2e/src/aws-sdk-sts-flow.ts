import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  IAMServiceException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  MalformedPolicyDocumentException as StsMalformedPolicyDocumentException,
  PackedPolicyTooLargeException,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { randomBytes } from 'node:crypto';

export interface Key {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface FlowResult {
  user: { arn: string; key: Key };
  role: { arn: string; roleId: string };
  session: Key;
}

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/**
 * The scenario with AWS's own clients and nothing but an endpoint:
 * root makes a user, a group with a policy and an access key; the user,
 * signed in through the SDK's default credential chain (environment
 * variables), makes a policy and a role that trusts it, assumes the role
 * with STSClient and uses the session through IAMClient. `settle` retries
 * a call that another service has to learn of first (distributed mode).
 */
export async function stsFlow(options: {
  endpoint: string;
  root: Key;
  accountId: string;
  prefix: string;
  settle: <T>(attempt: () => Promise<T>) => Promise<T>;
}): Promise<FlowResult> {
  const { endpoint, accountId, prefix, settle } = options;
  const iam = (credentials?: Key) =>
    new IAMClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const sts = (credentials?: Key) =>
    new STSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const root = iam(options.root);
  const userName = `${prefix}-dev`;
  const roleName = `${prefix}-Reader`;

  // Root: a user in a group whose policy lets it administer IAM and use STS.
  const created = await root.send(new CreateUserCommand({ UserName: userName }));
  const userArn = created.User!.Arn!;
  expect(userArn).toBe(`arn:aws:iam::${accountId}:user/${userName}`);
  await root.send(new CreateGroupCommand({ GroupName: `${prefix}-admins` }));
  await root.send(new AddUserToGroupCommand({ GroupName: `${prefix}-admins`, UserName: userName }));
  const admin = await root.send(
    new CreatePolicyCommand({
      PolicyName: `${prefix}-Admin`,
      PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:*', 'sts:*'], Resource: '*' }),
    }),
  );
  await settle(() =>
    root.send(new AttachGroupPolicyCommand({ GroupName: `${prefix}-admins`, PolicyArn: admin.Policy!.Arn })),
  );
  const { AccessKey } = await root.send(new CreateAccessKeyCommand({ UserName: userName }));
  const key: Key = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  root.destroy();

  // The user, through the default credential chain: no credentials given to the clients.
  const { role, session } = await withEnvironment(
    { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey },
    async () => {
      const asUser = iam();
      const asUserSts = sts();
      try {
        const me = await settle(() => asUserSts.send(new GetCallerIdentityCommand({})));
        expect(me).toMatchObject({ Account: accountId, Arn: userArn, UserId: created.User!.UserId });
        // The group's policy reaches every service over the consistency window.
        await settle(() => asUser.send(new GetUserCommand({ UserName: userName })));

        // Users of its own, listed a page at a time by the SDK's paginator (Marker, IsTruncated, MaxItems).
        for (const n of [1, 2, 3])
          await asUser.send(new CreateUserCommand({ UserName: `${prefix}-p${n}`, Path: `/${prefix}/` }));
        const listed: string[] = [];
        for await (const page of paginateListUsers(
          { client: asUser, pageSize: 2 },
          { PathPrefix: `/${prefix}/` },
        ))
          listed.push(...(page.Users ?? []).map((u) => u.UserName!));
        expect(listed).toEqual([`${prefix}-p1`, `${prefix}-p2`, `${prefix}-p3`]);

        const readPolicy = await asUser.send(
          new CreatePolicyCommand({
            PolicyName: `${prefix}-ReadUsers`,
            PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' }),
          }),
        );
        const trust = doc({
          Effect: 'Allow',
          Principal: { AWS: userArn },
          Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
        });
        const madeRole = await asUser.send(
          new CreateRoleCommand({
            RoleName: roleName,
            AssumeRolePolicyDocument: trust,
            MaxSessionDuration: 7200,
          }),
        );
        expect(madeRole.Role).toMatchObject({ RoleName: roleName, MaxSessionDuration: 7200 });
        expect(madeRole.Role!.RoleId).toMatch(/^AROA/);
        const gotRole = await asUser.send(new GetRoleCommand({ RoleName: roleName }));
        // URL-encoded, as AWS answers it (the SDK leaves it so).
        expect(JSON.parse(decodeURIComponent(gotRole.Role!.AssumeRolePolicyDocument!))).toEqual(
          JSON.parse(trust),
        );
        await settle(() =>
          asUser.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: readPolicy.Policy!.Arn })),
        );

        // The SDK's typed exceptions for what a user gets wrong.
        expect(
          await asUser
            .send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }))
            .catch((e: unknown) => e),
        ).toBeInstanceOf(EntityAlreadyExistsException);
        expect(
          await asUser
            .send(new CreatePolicyCommand({ PolicyName: `${prefix}-Bad`, PolicyDocument: '{"Version":' }))
            .catch((e: unknown) => e),
        ).toBeInstanceOf(MalformedPolicyDocumentException);
        expect(
          await asUser.send(new GetRoleCommand({ RoleName: `${prefix}-nope` })).catch((e: unknown) => e),
        ).toBeInstanceOf(NoSuchEntityException);

        // AssumeRole: the role's trust policy names this user (sts learns of the role from identity's events).
        const roleArn = madeRole.Role!.Arn!;
        const assumed = await settle(() =>
          asUserSts.send(
            new AssumeRoleCommand({
              RoleArn: roleArn,
              RoleSessionName: 'wire-test',
              DurationSeconds: 900,
              SourceIdentity: userName,
              Policy: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }),
              Tags: [{ Key: 'project', Value: 'apollo' }],
              TransitiveTagKeys: ['project'],
            }),
          ),
        );
        expect(assumed.AssumedRoleUser).toEqual({
          Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/wire-test`,
          AssumedRoleId: `${madeRole.Role!.RoleId}:wire-test`,
        });
        expect(assumed.SourceIdentity).toBe(userName);
        expect(assumed.PackedPolicySize).toEqual(expect.any(Number));
        expect(assumed.PackedPolicySize).toBeGreaterThan(0);
        expect(assumed.Credentials!.AccessKeyId).toMatch(/^ASIA/);
        expect(assumed.Credentials!.SecretAccessKey).toHaveLength(40);
        expect(assumed.Credentials!.SessionToken!.length).toBeGreaterThan(20);
        // Expiration is a timestamp the SDK parses: 900 s from now.
        expect(assumed.Credentials!.Expiration).toBeInstanceOf(Date);
        const lifetime = assumed.Credentials!.Expiration!.getTime() - Date.now();
        expect(lifetime).toBeGreaterThan(800_000);
        expect(lifetime).toBeLessThanOrEqual(901_000);

        // STS's typed exceptions.
        const malformed = await asUserSts
          .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bad', Policy: '{"Statement":' }))
          .catch((e: unknown) => e);
        expect(malformed).toBeInstanceOf(StsMalformedPolicyDocumentException);
        const bulky = Array.from({ length: 50 }, (_, i) => ({
          Key: `k${i}-${randomBytes(40).toString('hex')}`.slice(0, 128),
          Value: randomBytes(96).toString('base64').slice(0, 256),
        }));
        const tooLarge = await asUserSts
          .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bulky', Tags: bulky }))
          .catch((e: unknown) => e);
        expect(tooLarge).toBeInstanceOf(PackedPolicyTooLargeException);
        const strange = await asUserSts
          .send(
            new AssumeRoleCommand({
              RoleArn: `arn:aws:iam::${accountId}:role/${prefix}-nope`,
              RoleSessionName: 'nope',
            }),
          )
          .catch((e: unknown) => e);
        expect(strange).toBeInstanceOf(STSServiceException);
        expect((strange as STSServiceException).name).toBe('AccessDenied');
        expect((strange as STSServiceException).$metadata.httpStatusCode).toBe(403);

        // GetSessionToken and GetFederationToken for the user; GetAccessKeyInfo of its key.
        const token = await asUserSts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
        expect(token.Credentials!.AccessKeyId).toMatch(/^ASIA/);
        const viaToken = sts({
          accessKeyId: token.Credentials!.AccessKeyId!,
          secretAccessKey: token.Credentials!.SecretAccessKey!,
          sessionToken: token.Credentials!.SessionToken!,
        });
        expect((await settle(() => viaToken.send(new GetCallerIdentityCommand({})))).Arn).toBe(userArn);
        viaToken.destroy();
        const federated = await asUserSts.send(
          new GetFederationTokenCommand({
            Name: 'fed-bob',
            Policy: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }),
          }),
        );
        expect(federated.FederatedUser).toEqual({
          Arn: `arn:aws:sts::${accountId}:federated-user/fed-bob`,
          FederatedUserId: `${accountId}:fed-bob`,
        });
        expect(federated.PackedPolicySize).toEqual(expect.any(Number));
        expect(
          (await asUserSts.send(new GetAccessKeyInfoCommand({ AccessKeyId: key.accessKeyId }))).Account,
        ).toBe(accountId);

        const credentials = assumed.Credentials!;
        return {
          role: { arn: roleArn, roleId: madeRole.Role!.RoleId! },
          session: {
            accessKeyId: credentials.AccessKeyId!,
            secretAccessKey: credentials.SecretAccessKey!,
            sessionToken: credentials.SessionToken!,
          },
        };
      } finally {
        asUser.destroy();
        asUserSts.destroy();
      }
    },
  );

  // The role session through IAMClient and STSClient: the role's policy ∩ the session policy.
  const asRole = iam(session);
  const asRoleSts = sts(session);
  try {
    const who = await settle(() => asRoleSts.send(new GetCallerIdentityCommand({})));
    expect(who).toEqual(
      expect.objectContaining({
        Account: accountId,
        Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/wire-test`,
        UserId: `${role.roleId}:wire-test`,
      }),
    );
    const got = await settle(() => asRole.send(new GetUserCommand({ UserName: userName })));
    expect(got.User!.Arn).toBe(userArn);
    // The role allows ListUsers, the session policy does not: denied.
    const listed = await asRole
      .send(new GetUserCommand({ UserName: `${prefix}-nobody` }))
      .catch((e: unknown) => e);
    expect(listed).toBeInstanceOf(NoSuchEntityException);
    const pages = paginateListUsers({ client: asRole, pageSize: 1 }, {});
    const denied = await pages.next().catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(IAMServiceException);
    expect((denied as IAMServiceException).name).toBe('AccessDenied');
    const refused = await asRole
      .send(new CreateUserCommand({ UserName: `${prefix}-mallory` }))
      .catch((e: unknown) => e);
    expect((refused as IAMServiceException).name).toBe('AccessDenied');
  } finally {
    asRole.destroy();
    asRoleSts.destroy();
  }
  return { user: { arn: userArn, key }, role, session };
}

/** Runs `body` with these environment variables set (and the SDK's other credential sources unset). */
async function withEnvironment<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const names = [
    ...Object.keys(vars),
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
  ];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  for (const name of names) delete process.env[name];
  Object.assign(process.env, vars, {
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  });
  try {
    return await body();
  } finally {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

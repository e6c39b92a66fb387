import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  AddUserToGroupCommand,
  CreateGroupCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRoleCommand,
  IAMClient,
  IAMServiceException,
  ListAccountAliasesCommand,
  ListInstanceProfilesCommand,
  ListPolicyTagsCommand,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  UpdateRoleDescriptionCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListRoleTags,
} from '@aws-sdk/client-iam';
import type { RunningApp } from '@iam/platform';
import { startStandalone } from './standalone-app';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/**
 * The IAM actions added to the wire after the first 80: tag listings,
 * UpdateRoleDescription, ListAccountAliases, the policy simulator with its
 * nested list inputs; and AWS's InvalidAction for those we do not have.
 */
describe('the AWS SDK v3 IAMClient: tag listings, role description, aliases, simulation', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-aws-extras-'));
  let app: RunningApp;
  let root: IAMClient;
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
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    accountId = credentials.accountId;
    root = client(credentials);
  });

  afterAll(async () => {
    root?.destroy();
    await app?.close();
  });

  it('ListUserTags and ListRoleTags, paged by key', async () => {
    const tags = [
      { Key: 'team', Value: 'ops' },
      { Key: 'cost', Value: '42' },
      { Key: 'env', Value: 'prod' },
    ];
    await root.send(new CreateUserCommand({ UserName: 'tagged', Tags: tags }));
    const userTags = await root.send(new ListUserTagsCommand({ UserName: 'tagged' }));
    expect(userTags.Tags).toEqual([
      { Key: 'cost', Value: '42' },
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'ops' },
    ]);
    expect(userTags.IsTruncated).toBe(false);
    expect(await failure(root.send(new ListUserTagsCommand({ UserName: 'nobody' })))).toBeInstanceOf(
      NoSuchEntityException,
    );

    const trust = doc({ Effect: 'Allow', Principal: { AWS: accountId }, Action: 'sts:AssumeRole' });
    await root.send(
      new CreateRoleCommand({ RoleName: 'Tagged', AssumeRolePolicyDocument: trust, Tags: tags }),
    );
    const first = await root.send(new ListRoleTagsCommand({ RoleName: 'Tagged', MaxItems: 2 }));
    expect(first.Tags?.map((t) => t.Key)).toEqual(['cost', 'env']);
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toEqual(expect.any(String));
    const keys: string[] = [];
    for await (const page of paginateListRoleTags({ client: root, pageSize: 1 }, { RoleName: 'Tagged' }))
      keys.push(...(page.Tags ?? []).map((t) => t.Key!));
    expect(keys).toEqual(['cost', 'env', 'team']);
  });

  it('UpdateRoleDescription answers the role, and is its own action for policies', async () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: accountId }, Action: 'sts:AssumeRole' });
    await root.send(new CreateRoleCommand({ RoleName: 'Described', AssumeRolePolicyDocument: trust }));
    const updated = await root.send(
      new UpdateRoleDescriptionCommand({ RoleName: 'Described', Description: 'Deploys payments' }),
    );
    expect(updated.Role).toMatchObject({ RoleName: 'Described', Description: 'Deploys payments' });
    expect((await root.send(new GetRoleCommand({ RoleName: 'Described' }))).Role?.Description).toBe(
      'Deploys payments',
    );

    // A user allowed iam:UpdateRole only is not allowed UpdateRoleDescription (AWS's separate action).
    await root.send(new CreateUserCommand({ UserName: 'updater' }));
    const policy = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'UpdateRoleOnly',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:UpdateRole', Resource: '*' }),
      }),
    );
    await root.send(new AttachUserPolicyCommand({ UserName: 'updater', PolicyArn: policy.Policy!.Arn }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'updater' }))).AccessKey!;
    const updater = client({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const denied = await failure(
      updater.send(new UpdateRoleDescriptionCommand({ RoleName: 'Described', Description: 'x' })),
    );
    expect((denied as IAMServiceException).name).toBe('AccessDenied');
    expect((denied as IAMServiceException).message).toContain('iam:UpdateRoleDescription');
    updater.destroy();
  });

  it('ListAccountAliases: none, then the one alias', async () => {
    expect(await root.send(new ListAccountAliasesCommand({}))).toMatchObject({
      AccountAliases: [],
      IsTruncated: false,
    });
    await root.send(new CreateAccountAliasCommand({ AccountAlias: 'wire-extras' }));
    expect((await root.send(new ListAccountAliasesCommand({ MaxItems: 10 }))).AccountAliases).toEqual([
      'wire-extras',
    ]);
  });

  it('SimulateCustomPolicy and SimulatePrincipalPolicy with nested list inputs, paged', async () => {
    const conditional = doc(
      {
        Sid: 'FromOffice',
        Effect: 'Allow',
        Action: 'iam:GetUser',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } },
      },
      { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' },
    );
    const custom = await root.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [conditional],
        ActionNames: ['iam:GetUser', 'iam:DeleteUser', 'iam:CreateUser'],
        ResourceArns: [`arn:aws:iam::${accountId}:user/tagged`],
        ContextEntries: [
          {
            ContextKeyName: 'aws:SourceIp',
            ContextKeyType: 'ipList',
            ContextKeyValues: ['10.1.2.3', '8.8.8.8'],
          },
        ],
      }),
    );
    expect(custom.IsTruncated).toBe(false);
    expect(custom.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
      ['iam:GetUser', 'allowed'],
      ['iam:DeleteUser', 'explicitDeny'],
      ['iam:CreateUser', 'implicitDeny'],
    ]);
    expect(custom.EvaluationResults![0].EvalResourceName).toBe(`arn:aws:iam::${accountId}:user/tagged`);
    expect(custom.EvaluationResults![0].MatchedStatements).toEqual([
      expect.objectContaining({ SourcePolicyId: 'PolicyInputList.1' }),
    ]);

    // Without the context key the condition cannot match: the simulator names what was missing.
    const missing = await root.send(
      new SimulateCustomPolicyCommand({ PolicyInputList: [conditional], ActionNames: ['iam:GetUser'] }),
    );
    expect(missing.EvaluationResults![0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      MissingContextValues: ['aws:SourceIp'],
    });

    // Paged: MaxItems 1, the SDK passes the Marker back.
    const page = await root.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [conditional],
        ActionNames: ['iam:GetUser', 'iam:DeleteUser'],
        MaxItems: 1,
      }),
    );
    expect(page.IsTruncated).toBe(true);
    const next = await root.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [conditional],
        ActionNames: ['iam:GetUser', 'iam:DeleteUser'],
        MaxItems: 1,
        Marker: page.Marker,
      }),
    );
    expect(next.EvaluationResults?.map((r) => r.EvalActionName)).toEqual(['iam:DeleteUser']);

    // The updater user has iam:UpdateRole attached; an extra policy given as input is added to it.
    const principal = await root.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${accountId}:user/updater`,
        ActionNames: ['iam:UpdateRole', 'iam:ListUsers', 'iam:DeleteRole'],
        PolicyInputList: [doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' })],
      }),
    );
    expect(principal.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
      ['iam:UpdateRole', 'allowed'],
      ['iam:ListUsers', 'allowed'],
      ['iam:DeleteRole', 'implicitDeny'],
    ]);
    expect(principal.EvaluationResults![0].MatchedStatements?.[0]?.SourcePolicyType).toBe('user-managed');

    const malformed = await failure(
      root.send(
        new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":'], ActionNames: ['iam:GetUser'] }),
      ),
    );
    expect(malformed).toBeInstanceOf(MalformedPolicyDocumentException);
  });

  it('TagPolicy, ListPolicyTags (paged by key) and UntagPolicy on a customer managed policy', async () => {
    const created = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'Tagged',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }),
        Tags: [{ Key: 'team', Value: 'ops' }],
      }),
    );
    const PolicyArn = created.Policy!.Arn!;
    await root.send(
      new TagPolicyCommand({
        PolicyArn,
        Tags: [
          { Key: 'Team', Value: 'payments' },
          { Key: 'env', Value: 'prod' },
        ],
      }),
    );
    const first = await root.send(new ListPolicyTagsCommand({ PolicyArn, MaxItems: 1 }));
    expect(first).toMatchObject({ Tags: [{ Key: 'Team', Value: 'payments' }], IsTruncated: true });
    const rest = await root.send(new ListPolicyTagsCommand({ PolicyArn, Marker: first.Marker }));
    expect(rest).toMatchObject({ Tags: [{ Key: 'env', Value: 'prod' }], IsTruncated: false });
    await root.send(new UntagPolicyCommand({ PolicyArn, TagKeys: ['TEAM'] }));
    expect((await root.send(new ListPolicyTagsCommand({ PolicyArn }))).Tags).toEqual([
      { Key: 'env', Value: 'prod' },
    ]);
    expect(
      await failure(
        root.send(new ListPolicyTagsCommand({ PolicyArn: `arn:aws:iam::${accountId}:policy/Nope` })),
      ),
    ).toBeInstanceOf(NoSuchEntityException);
  });

  it('GetAccountAuthorizationDetails: filtered, paged by the SDK, documents URL-encoded as AWS sends them', async () => {
    const inline = doc({
      Effect: 'Allow',
      Action: 'iam:GetUser',
      Resource: '*',
      Condition: { StringLike: { 'aws:UserAgent': '*&<x>?' } },
    });
    await root.send(
      new CreateUserCommand({ UserName: 'detailed', Path: '/eng/', Tags: [{ Key: 'team', Value: 'red' }] }),
    );
    await root.send(new CreateGroupCommand({ GroupName: 'detailed-group' }));
    await root.send(new AddUserToGroupCommand({ GroupName: 'detailed-group', UserName: 'detailed' }));
    await root.send(
      new PutUserPolicyCommand({ UserName: 'detailed', PolicyName: 'own', PolicyDocument: inline }),
    );
    const users = async () => {
      const all = [];
      for await (const page of paginateGetAccountAuthorizationDetails(
        { client: root, pageSize: 1 },
        { Filter: ['User'] },
      )) {
        expect((page.UserDetailList ?? []).length).toBeLessThanOrEqual(1);
        expect(page.RoleDetailList).toEqual([]);
        expect(page.Policies).toEqual([]);
        all.push(...(page.UserDetailList ?? []));
      }
      return all;
    };
    // The policy service learns of the user and its group from identity's events.
    let detailed = (await users()).find((u) => u.UserName === 'detailed');
    for (let i = 0; i < 100 && detailed?.GroupList?.length !== 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      detailed = (await users()).find((u) => u.UserName === 'detailed');
    }
    const all = await users();
    expect(all.map((u) => u.UserName)).toEqual(expect.arrayContaining(['detailed', 'tagged', 'updater']));
    expect(detailed).toMatchObject({
      Path: '/eng/',
      Arn: `arn:aws:iam::${accountId}:user/eng/detailed`,
      GroupList: ['detailed-group'],
      Tags: [{ Key: 'team', Value: 'red' }],
      AttachedManagedPolicies: [],
    });
    expect(detailed!.CreateDate).toBeInstanceOf(Date);
    // AWS sends policy documents URL-encoded; the SDK hands them over as sent.
    expect(detailed!.UserPolicyList?.[0].PolicyDocument).toMatch(/^%7B%22Version%22/);
    expect(
      detailed!.UserPolicyList?.map((p) => [p.PolicyName, decodeURIComponent(p.PolicyDocument!)]),
    ).toEqual([['own', inline]]);
    // The updater user has the customer managed UpdateRoleOnly attached (test above).
    expect(all.find((u) => u.UserName === 'updater')?.AttachedManagedPolicies).toEqual([
      { PolicyName: 'UpdateRoleOnly', PolicyArn: `arn:aws:iam::${accountId}:policy/UpdateRoleOnly` },
    ]);

    const policies = await root.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'], MaxItems: 1000 }),
    );
    expect(policies.IsTruncated).toBe(false);
    expect(policies.UserDetailList).toEqual([]);
    const updateRoleOnly = policies.Policies?.find((p) => p.PolicyName === 'UpdateRoleOnly');
    expect(updateRoleOnly).toMatchObject({ DefaultVersionId: 'v1', AttachmentCount: 1, IsAttachable: true });
    expect(
      updateRoleOnly!.PolicyVersionList?.map((v) => [
        v.VersionId,
        v.IsDefaultVersion,
        JSON.parse(decodeURIComponent(v.Document!)),
      ]),
    ).toEqual([['v1', true, JSON.parse(doc({ Effect: 'Allow', Action: 'iam:UpdateRole', Resource: '*' }))]]);

    const roles = await root.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    const described = roles.RoleDetailList?.find((r) => r.RoleName === 'Described');
    expect(JSON.parse(decodeURIComponent(described!.AssumeRolePolicyDocument!))).toMatchObject({
      Statement: [{ Action: 'sts:AssumeRole' }],
    });
    expect(described!.InstanceProfileList).toEqual([]);
  });

  it("answers AWS's InvalidAction for the IAM actions it does not have", async () => {
    for (const command of [new ListInstanceProfilesCommand({})]) {
      const error = (await failure(root.send(command as never))) as IAMServiceException;
      expect(error.name).toBe('InvalidAction');
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
  });
});

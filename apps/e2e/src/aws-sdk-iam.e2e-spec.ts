import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserCommand,
  EntityAlreadyExistsException,
  GetAccountSummaryCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateUserCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import type { RunningApp } from '@iam/platform';
import { startStandalone } from './standalone-app';

/**
 * The AWS SDK for JavaScript v3, unchanged but for its endpoint, against
 * standalone mode through the AWS Query door (`POST /`): the same use
 * cases, authorization and errors as the JSON API.
 */
describe('the AWS SDK v3 IAMClient against our endpoint', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-aws-sdk-'));
  let app: RunningApp;
  let root: IAMClient;
  let accountId: string;
  const client = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
    new IAMClient({ endpoint: app.url, region: 'us-east-1', credentials, maxAttempts: 1 });

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

  it('creates, gets, tags, renames and lists users, with AWS shapes', async () => {
    const created = await root.send(
      new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'a+b=c' }] }),
    );
    expect(created.User).toMatchObject({
      UserName: 'alice',
      Path: '/eng/',
      Arn: `arn:aws:iam::${accountId}:user/eng/alice`,
      Tags: [{ Key: 'team', Value: 'a+b=c' }],
    });
    expect(created.User!.UserId).toMatch(/^AIDA/);
    expect(created.User!.CreateDate).toBeInstanceOf(Date);
    expect(Math.abs(created.User!.CreateDate!.getTime() - Date.now())).toBeLessThan(60_000);

    const got = await root.send(new GetUserCommand({ UserName: 'alice' }));
    expect(got.User?.Arn).toBe(created.User!.Arn);

    await root.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'cost', Value: '42' }] }));
    await root.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['team'] }));
    expect((await root.send(new GetUserCommand({ UserName: 'alice' }))).User?.Tags).toEqual([
      { Key: 'cost', Value: '42' },
    ]);

    await root.send(new UpdateUserCommand({ UserName: 'alice', NewUserName: 'alice2', NewPath: '/ops/' }));
    expect((await root.send(new GetUserCommand({ UserName: 'alice2' }))).User?.Path).toBe('/ops/');
  });

  it('pages ListUsers with Marker, IsTruncated and MaxItems, and the SDK paginator follows them', async () => {
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5'])
      await root.send(new CreateUserCommand({ UserName: name, Path: '/paged/' }));
    const first = await root.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 2 }));
    expect(first.Users?.map((u) => u.UserName)).toEqual(['p1', 'p2']);
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toEqual(expect.any(String));
    const second = await root.send(
      new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker: first.Marker }),
    );
    expect(second.Users?.map((u) => u.UserName)).toEqual(['p3', 'p4']);

    const names: string[] = [];
    for await (const page of paginateListUsers({ client: root, pageSize: 2 }, { PathPrefix: '/paged/' }))
      names.push(...(page.Users ?? []).map((u) => u.UserName!));
    expect(names).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);

    const empty = await root.send(new ListUsersCommand({ PathPrefix: '/nobody/' }));
    expect(empty.Users).toEqual([]);
    expect(empty.IsTruncated).toBe(false);
  });

  it('answers errors as the SDK types them: NoSuchEntity, EntityAlreadyExists, MalformedPolicyDocument', async () => {
    const missing = await root.send(new GetUserCommand({ UserName: 'nobody' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NoSuchEntityException);
    expect((missing as NoSuchEntityException).$metadata.httpStatusCode).toBe(404);
    expect((missing as NoSuchEntityException).message).toMatch(/nobody/);

    const twice = await root.send(new CreateUserCommand({ UserName: 'p1' })).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(EntityAlreadyExistsException);
    expect((twice as EntityAlreadyExistsException).$metadata.httpStatusCode).toBe(409);

    const malformed = await root
      .send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: '{"Version":"2012-10-17"' }))
      .catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(MalformedPolicyDocumentException);
    expect((malformed as MalformedPolicyDocumentException).$metadata.httpStatusCode).toBe(400);

    const invalid = await root
      .send(new CreateUserCommand({ UserName: 'bad name!' }))
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(IAMServiceException);
    expect((invalid as IAMServiceException).name).toBe('ValidationError');
    expect((invalid as IAMServiceException).$metadata.httpStatusCode).toBe(400);
  });

  it('round-trips policy documents (URL-encoded on the wire, as AWS does) and attaches policies', async () => {
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:Get*',
          Resource: '*',
          Condition: { StringLike: { 'aws:UserAgent': '*&?%+ =*' } },
        },
      ],
    });
    const policy = await root.send(
      new CreatePolicyCommand({ PolicyName: 'Reader', PolicyDocument: document }),
    );
    expect(policy.Policy).toMatchObject({ PolicyName: 'Reader', DefaultVersionId: 'v1', IsAttachable: true });
    const arn = policy.Policy!.Arn!;
    const v2 = await root.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: document, SetAsDefault: true }),
    );
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true });
    const version = await root.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    expect(decodeURIComponent(version.PolicyVersion!.Document!)).toBe(document);

    await root.send(new AttachUserPolicyCommand({ UserName: 'p1', PolicyArn: arn }));
    const attached = await root.send(new ListAttachedUserPoliciesCommand({ UserName: 'p1' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'Reader', PolicyArn: arn }]);

    await root.send(
      new PutUserPolicyCommand({ UserName: 'p1', PolicyName: 'inline', PolicyDocument: document }),
    );
    const inline = await root.send(new GetUserPolicyCommand({ UserName: 'p1', PolicyName: 'inline' }));
    expect(inline).toMatchObject({ UserName: 'p1', PolicyName: 'inline' });
    expect(decodeURIComponent(inline.PolicyDocument!)).toBe(document);

    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' },
      ],
    });
    await root.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        AssumeRolePolicyDocument: trust,
        MaxSessionDuration: 7200,
        Description: 'deploys <things> & "more"',
      }),
    );
    const role = await root.send(new GetRoleCommand({ RoleName: 'deployer' }));
    expect(role.Role?.MaxSessionDuration).toBe(7200);
    expect(role.Role?.Description).toBe('deploys <things> & "more"');
    expect(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)).toBe(trust);
  });

  it('groups, access keys and the account summary', async () => {
    await root.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await root.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'p2' }));
    const groups = await root.send(new ListGroupsForUserCommand({ UserName: 'p2' }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['devs']);

    const key = await root.send(new CreateAccessKeyCommand({ UserName: 'p2' }));
    expect(key.AccessKey).toMatchObject({ UserName: 'p2', Status: 'Active' });
    expect(key.AccessKey!.AccessKeyId).toMatch(/^AKIA/);
    expect(key.AccessKey!.SecretAccessKey).toHaveLength(40);
    const keys = await root.send(new ListAccessKeysCommand({ UserName: 'p2' }));
    expect(keys.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([key.AccessKey!.AccessKeyId]);

    const summary = await root.send(new GetAccountSummaryCommand({}));
    expect(summary.SummaryMap?.Users).toBeGreaterThanOrEqual(6);
    expect(summary.SummaryMap?.Groups).toBe(1);
  });

  it('authorizes as the JSON door does: a user without permission is denied, its own key and policy govern it', async () => {
    const key = await root.send(new CreateAccessKeyCommand({ UserName: 'p3' }));
    const p3 = client({
      accessKeyId: key.AccessKey!.AccessKeyId!,
      secretAccessKey: key.AccessKey!.SecretAccessKey!,
    });
    try {
      const denied = await p3.send(new CreateUserCommand({ UserName: 'mallory' })).catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(IAMServiceException);
      expect((denied as IAMServiceException).name).toBe('AccessDenied');
      expect((denied as IAMServiceException).$metadata.httpStatusCode).toBe(403);
      expect((denied as IAMServiceException).message).toMatch(/iam:CreateUser/);

      // GetUser with no UserName is the caller's own user (AWS's default), still authorized: denied here.
      const own = await p3.send(new GetUserCommand({})).catch((e: unknown) => e);
      expect((own as IAMServiceException).name).toBe('AccessDenied');
      expect((own as IAMServiceException).message).toContain(`user/paged/p3`);

      await root.send(
        new PutUserPolicyCommand({
          UserName: 'p3',
          PolicyName: 'self',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${accountId}:user/paged/p3` },
            ],
          }),
        }),
      );
      const me = await waitFor(() => p3.send(new GetUserCommand({})));
      expect(me.User?.UserName).toBe('p3');
      const other = await p3.send(new GetUserCommand({ UserName: 'p1' })).catch((e: unknown) => e);
      expect((other as IAMServiceException).name).toBe('AccessDenied');

      const bad = client({ accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: 'x'.repeat(40) });
      const forged = await bad.send(new ListUsersCommand({})).catch((e: unknown) => e);
      expect((forged as IAMServiceException).name).toBe('SignatureDoesNotMatch');
      expect((forged as IAMServiceException).$metadata.httpStatusCode).toBe(403);
      bad.destroy();
    } finally {
      p3.destroy();
    }
  });

  it('deletes', async () => {
    await root.send(new DeleteUserCommand({ UserName: 'p5' }));
    const gone = await root.send(new GetUserCommand({ UserName: 'p5' })).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NoSuchEntityException);
  });
});

/** Policy changes are effective within the consistency window (one second). */
async function waitFor<T>(attempt: () => Promise<T>, deadline = Date.now() + 5_000): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

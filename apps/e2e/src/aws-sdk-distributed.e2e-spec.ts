import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { newTemporaryCredentials, sealSession, SecretBox, SessionStore } from '@iam/auth';
import { RedisTtlStore } from '@iam/ttl-store';
import { stsFlow } from './aws-sdk-sts-flow';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

/**
 * Distributed mode has one AWS-protocol endpoint: whichever service the
 * SDK is pointed at answers its own actions and forwards the others', signed
 * as sent, to the service that owns them (identity, policy, sts).
 */
describe('the AWS SDK against distributed mode: one endpoint for every IAM and STS action', () => {
  let services: DistributedServices;
  let viaIdentity: IAMClient;
  let viaPolicy: IAMClient;

  beforeAll(async () => {
    services = await startDistributedServices({}, { sts: true });
    const client = (endpoint: string) =>
      new IAMClient({ endpoint, region: 'us-east-1', credentials: rootKey, maxAttempts: 1 });
    viaIdentity = client(services.identity.url);
    viaPolicy = client(services.policy.url);
  }, 120_000);

  afterAll(async () => {
    viaIdentity?.destroy();
    viaPolicy?.destroy();
    await services?.stop();
  });

  it('answers identity and policy actions at identity, and at policy', async () => {
    const user = await viaIdentity.send(new CreateUserCommand({ UserName: 'dist-alice' }));
    expect(user.User?.Arn).toBe(`arn:aws:iam::${services.accountId}:user/dist-alice`);
    const policy = await viaIdentity.send(
      new CreatePolicyCommand({
        PolicyName: 'DistReader',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }],
        }),
      }),
    );
    expect(policy.Policy?.Arn).toBe(`arn:aws:iam::${services.accountId}:policy/DistReader`);
    // The policy service learns of the new user from identity's events (the consistency window).
    await retry(() =>
      viaIdentity.send(
        new AttachUserPolicyCommand({ UserName: 'dist-alice', PolicyArn: policy.Policy!.Arn }),
      ),
    );
    const attached = await viaIdentity.send(new ListAttachedUserPoliciesCommand({ UserName: 'dist-alice' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['DistReader']);

    // GetAccountAuthorizationDetails at identity is forwarded to policy, whose consumer of identity's
    // events gives the user its creation date.
    const details = await retry(async () => {
      const answer = await viaIdentity.send(
        new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'LocalManagedPolicy'] }),
      );
      const alice = answer.UserDetailList?.find((u) => u.UserName === 'dist-alice');
      if (!alice?.CreateDate) throw new Error('dist-alice is not in the details yet');
      return { answer, alice };
    });
    expect(details.alice).toMatchObject({
      UserId: user.User!.UserId,
      AttachedManagedPolicies: [{ PolicyName: 'DistReader', PolicyArn: policy.Policy!.Arn }],
    });
    expect(details.answer.RoleDetailList).toEqual([]);
    expect(details.answer.Policies?.map((p) => p.PolicyName)).toEqual(['DistReader']);

    // Through the policy service, an identity action is forwarded to identity.
    expect((await viaPolicy.send(new GetUserCommand({ UserName: 'dist-alice' }))).User?.UserId).toBe(
      user.User!.UserId,
    );
    const missing = await viaIdentity
      .send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${services.accountId}:policy/Nope` }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NoSuchEntityException);
  });

  it('STSClient and IAMClient at identity: the whole flow, STS actions forwarded to sts', async () => {
    const { role } = await stsFlow({
      endpoint: services.identity.url,
      root: rootKey,
      accountId: services.accountId,
      prefix: 'dist',
      settle: retry,
    });
    // At the policy service too (forwarded to sts), and at sts itself (IAM actions forwarded to identity).
    const atPolicy = new STSClient({
      endpoint: services.policy.url,
      region: 'us-east-1',
      credentials: rootKey,
      maxAttempts: 1,
    });
    expect((await atPolicy.send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:iam::${services.accountId}:root`,
    );
    atPolicy.destroy();
    const iamAtSts = new IAMClient({
      endpoint: services.sts!.url,
      region: 'us-east-1',
      credentials: rootKey,
      maxAttempts: 1,
    });
    expect((await iamAtSts.send(new GetUserCommand({ UserName: 'dist-dev' }))).User?.UserName).toBe(
      'dist-dev',
    );
    iamAtSts.destroy();

    // Credentials that have expired are ExpiredToken, whichever service and SDK: a session written to
    // the session store as sts writes them, 1.5 s long.
    const writer = new RedisTtlStore(services.infra.redisUrl);
    try {
      const credentials = newTemporaryCredentials();
      const now = Date.now();
      await new SessionStore(writer).put(
        sealSession(services.identity.app.get(SecretBox), credentials, {
          kind: 'assumed-role',
          principal: {
            type: 'assumed-role',
            accountId: services.accountId,
            arn: `arn:aws:sts::${services.accountId}:assumed-role/dist-Reader/short`,
            userId: `${role.roleId}:short`,
          },
          role: { roleId: role.roleId, arn: role.arn, roleName: 'dist-Reader', sessionName: 'short' },
          sessionPolicyArns: [],
          tags: {},
          transitiveTagKeys: [],
          mfaAuthenticated: false,
          issuedAt: new Date(now).toISOString(),
          expiresAt: new Date(now + 1500).toISOString(),
          chained: false,
        }),
      );
      const options = { endpoint: services.identity.url, region: 'us-east-1', credentials, maxAttempts: 1 };
      const shortSts = new STSClient(options);
      const shortIam = new IAMClient(options);
      expect((await shortSts.send(new GetCallerIdentityCommand({}))).UserId).toBe(`${role.roleId}:short`);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const expiredSts = await shortSts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
      expect(expiredSts).toBeInstanceOf(STSServiceException);
      expect((expiredSts as STSServiceException).name).toBe('ExpiredToken');
      const expiredIam = await shortIam
        .send(new GetUserCommand({ UserName: 'dist-dev' }))
        .catch((e: unknown) => e);
      expect((expiredIam as Error).name).toBe('ExpiredToken');
      expect((expiredIam as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
      shortSts.destroy();
      shortIam.destroy();
    } finally {
      await writer.close();
    }
  }, 300_000);
});

async function retry<T>(attempt: () => Promise<T>, deadline = Date.now() + 90_000): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

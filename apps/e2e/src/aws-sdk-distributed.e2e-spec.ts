import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

/**
 * Distributed mode has one AWS-protocol endpoint: whichever service the
 * SDK is pointed at answers its own actions and forwards the other's, signed
 * as sent, to the service that owns them.
 */
describe('the AWS SDK against distributed mode: one endpoint for every IAM action', () => {
  let services: DistributedServices;
  let viaIdentity: IAMClient;
  let viaPolicy: IAMClient;

  beforeAll(async () => {
    services = await startDistributedServices();
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

    // Through the policy service, an identity action is forwarded to identity.
    expect((await viaPolicy.send(new GetUserCommand({ UserName: 'dist-alice' }))).User?.UserId).toBe(
      user.User!.UserId,
    );
    const missing = await viaIdentity
      .send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${services.accountId}:policy/Nope` }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NoSuchEntityException);
  });
});

async function retry<T>(attempt: () => Promise<T>, deadline = Date.now() + 40_000): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

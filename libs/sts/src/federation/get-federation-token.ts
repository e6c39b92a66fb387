import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AUTHORIZER, type Authorizer, type Requester, type SessionFacts } from '@iam/auth';
import { IamError, type TagV1 } from '@iam/contracts';
import type { RequestContext } from '@iam/policy-engine';
import { SessionIssuer } from '../issuance/session-issuer';
import { credentialsView, type CredentialsView } from '../shared/issued-response';
import { requestOrigin } from '../shared/request-origin';
import { packedPolicySize, validateSessionPolicy } from '../shared/session-policies';
import { StsArns } from '../shared/sts-arns';
import { requireFederatedName, requirePolicyArns, sessionDuration, sessionTags } from '../shared/sts-inputs';

export interface GetFederationTokenInput {
  name: string;
  durationSeconds?: number;
  policy?: string;
  policyArns?: { arn: string }[];
  tags?: TagV1[];
}

export interface GetFederationTokenResult {
  credentials: CredentialsView;
  federatedUser: { arn: string; federatedUserId: string };
  packedPolicySize?: number;
}

export class GetFederationToken extends Command<GetFederationTokenResult> {
  constructor(
    readonly requester: Requester,
    readonly input: GetFederationTokenInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

const UserDurations = { min: 900, max: 129_600, default: 43_200 };
const RootDurations = { min: 900, max: 3600, default: 3600 };

/**
 * Credentials of a federated user (`federated-user/NAME`) whose permissions
 * are the calling user's intersected with the session policies passed: with
 * none passed it may do nothing (AWS). Only long-term keys may ask. The
 * guard has authorized sts:GetFederationToken on the federated user's ARN;
 * session tags also need sts:TagSession there.
 */
@CommandHandler(GetFederationToken)
export class GetFederationTokenHandler implements ICommandHandler<GetFederationToken> {
  constructor(
    private readonly issuer: SessionIssuer,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
  ) {}

  async execute({ requester, input, context }: GetFederationToken): Promise<GetFederationTokenResult> {
    const { caller } = requester;
    requireFederatedName(input.name);
    const policyArns = (input.policyArns ?? []).map((p) => p.arn);
    requirePolicyArns(policyArns);
    const tags = sessionTags(input.tags ?? []);
    if (input.policy !== undefined) validateSessionPolicy(input.policy);
    const durationSeconds = sessionDuration(
      input.durationSeconds,
      caller.type === 'root' ? RootDurations : UserDurations,
    );
    if (caller.session || (caller.type !== 'user' && caller.type !== 'root'))
      throw new IamError('AccessDenied', 'Cannot call GetFederationToken with session credentials');

    const arn = StsArns.federatedUser(caller.accountId, input.name);
    if (Object.keys(tags).length > 0) await this.authorizer.authorize(caller, 'sts:TagSession', arn, context);
    const packed = packedPolicySize({ policy: input.policy, policyArns, tags });
    const federatedUserId = `${caller.accountId}:${input.name}`;
    const now = Date.now();
    const facts: SessionFacts = {
      kind: 'federated-user',
      principal: { type: 'federated-user', accountId: caller.accountId, arn, userId: federatedUserId },
      issuedTo: { userId: caller.userId, accessKeyId: caller.accessKeyId },
      ...(input.policy !== undefined ? { sessionPolicy: input.policy } : {}),
      sessionPolicyArns: policyArns,
      tags,
      transitiveTagKeys: [],
      mfaAuthenticated: false,
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + durationSeconds * 1000).toISOString(),
      chained: false,
    };
    const { credentials } = await this.issuer.issue(
      facts,
      requestOrigin(requester, context),
      'GetFederationToken',
    );
    const passedPolicies =
      input.policy !== undefined || policyArns.length > 0 || Object.keys(tags).length > 0;
    return {
      credentials: credentialsView(credentials),
      federatedUser: { arn, federatedUserId },
      ...(passedPolicies ? { packedPolicySize: packed } : {}),
    };
  }
}

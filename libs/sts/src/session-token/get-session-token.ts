import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester, SessionFacts } from '@iam/auth';
import { IamError } from '@iam/contracts';
import type { RequestContext } from '@iam/policy-engine';
import { IssuanceMfa } from '../issuance/issuance-mfa';
import { SessionIssuer } from '../issuance/session-issuer';
import { credentialsView, type CredentialsView } from '../shared/issued-response';
import { requestOrigin } from '../shared/request-origin';
import { requireMfaInput, sessionDuration } from '../shared/sts-inputs';

export interface GetSessionTokenInput {
  durationSeconds?: number;
  serialNumber?: string;
  tokenCode?: string;
}

export class GetSessionToken extends Command<{ credentials: CredentialsView }> {
  constructor(
    readonly requester: Requester,
    readonly input: GetSessionTokenInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** AWS's durations: an IAM user 15 min to 36 h (default 12 h), the root user 15 min to 1 h (default 1 h). */
const UserDurations = { min: 900, max: 129_600, default: 43_200 };
const RootDurations = { min: 900, max: 3600, default: 3600 };

/**
 * An IAM user's (or the root user's) own temporary credentials, with the
 * user's permissions; with an MFA code they are MFA-authenticated (for
 * policies that require `aws:MultiFactorAuthPresent`). Only long-term keys
 * may ask, as in AWS.
 */
@CommandHandler(GetSessionToken)
export class GetSessionTokenHandler implements ICommandHandler<GetSessionToken> {
  constructor(
    private readonly issuer: SessionIssuer,
    private readonly mfa: IssuanceMfa,
  ) {}

  async execute({ requester, input, context }: GetSessionToken): Promise<{ credentials: CredentialsView }> {
    const { caller } = requester;
    requireMfaInput(input.serialNumber, input.tokenCode);
    const durationSeconds = sessionDuration(
      input.durationSeconds,
      caller.type === 'root' ? RootDurations : UserDurations,
    );
    if (caller.session || (caller.type !== 'user' && caller.type !== 'root'))
      throw new IamError('AccessDenied', 'Cannot call GetSessionToken with session credentials');
    const mfa =
      input.serialNumber !== undefined && input.tokenCode !== undefined
        ? await this.mfa.verify(requester, input.serialNumber, input.tokenCode)
        : undefined;
    const now = Date.now();
    const facts: SessionFacts = {
      kind: 'session-token',
      principal: {
        type: caller.type,
        accountId: caller.accountId,
        arn: caller.arn,
        userId: caller.userId,
        ...(caller.userName !== undefined ? { userName: caller.userName } : {}),
      },
      issuedTo: { userId: caller.userId, accessKeyId: caller.accessKeyId },
      sessionPolicyArns: [],
      tags: {},
      transitiveTagKeys: [],
      mfaAuthenticated: mfa !== undefined,
      ...(mfa ? { mfaAuthenticatedAt: mfa.authenticatedAt } : {}),
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + durationSeconds * 1000).toISOString(),
      chained: false,
    };
    const { credentials } = await this.issuer.issue(
      facts,
      requestOrigin(requester, context),
      'GetSessionToken',
    );
    return { credentials: credentialsView(credentials) };
  }
}

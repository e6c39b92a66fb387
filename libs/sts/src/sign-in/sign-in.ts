import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SessionFacts } from '@iam/auth';
import {
  IamError,
  SignInEventTypes,
  StsSchemaVersion,
  type SignInFailureReason,
  type StsDomainEvent,
} from '@iam/contracts';
import { EventStore, type SqlDatabase } from '@iam/event-store';
import { Metrics, SQL_DATABASE } from '@iam/platform';
import { GuessLimiter, isPasswordExpired, PasswordHasher, userGuessSubject } from '@iam/service-kit';
import { SessionIssuer, type IssuedCredentials } from '../issuance/session-issuer';
import { StsMfaVerifier } from '../mfa/sts-mfa-verifier';
import { StsStreams } from '../shared/sts-streams';
import { SignInQueries, type SignInUser } from './sign-in.queries';

/** Where an attempt came from: recorded with it, and what failures are counted against. */
export interface SignInOrigin {
  requestId: string;
  sourceIp?: string;
  userAgent?: string;
}

export interface SignInInput {
  /** The account's 12-digit id or its alias. */
  account: string;
  userName: string;
  password: string;
  /** Six digits, required when the user has an enabled MFA device. */
  mfaCode?: string;
}

export interface SignInResult {
  credentials: IssuedCredentials;
  user: { accountId: string; userName: string; userId: string; arn: string };
  mfaAuthenticated: boolean;
  /** Until the password is changed, the session may only change it (and read the password policy). */
  passwordResetRequired: boolean;
}

/** A console session lasts 12 hours, as AWS's; one that may only change its password, 15 minutes. */
export const SignInSessionSeconds = { normal: 12 * 3600, passwordResetRequired: 900 } as const;

/**
 * Password (and MFA) sign-in of an IAM user: not an AWS API action (the
 * console's), so named for what it does. Unauthenticated: the password is
 * the credential. Carries no Requester: there is no caller before it.
 */
export class SignIn extends Command<SignInResult> {
  constructor(
    readonly origin: SignInOrigin,
    readonly input: SignInInput,
  ) {
    super();
  }
}

/** The one answer to a wrong account, user or password, so none of them can be told apart (AWS's console words). */
const incorrect = () =>
  new IamError('AccessDenied', 'Your authentication information is incorrect. Please try again.');

/**
 * Checks the password against identity's sealed argon2id hash (as projected
 * into sts), then an MFA code when the user has a device, then expiry under
 * the account's password policy, and issues session credentials for the
 * user through the SessionIssuer. An unknown account or user is verified
 * against a dummy hash, so it costs the same time as a wrong password.
 * Failures are throttled per user and per source address (GuessLimiter:
 * the same counts as identity's ChangePassword and MFA checks), and every
 * attempt is an event (SignInSucceeded, SignInFailed with its reason).
 */
@CommandHandler(SignIn)
export class SignInHandler implements ICommandHandler<SignIn> {
  private readonly failures: ReturnType<Metrics['counter']>;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly queries: SignInQueries,
    private readonly store: EventStore,
    private readonly hasher: PasswordHasher,
    private readonly guesses: GuessLimiter,
    private readonly mfa: StsMfaVerifier,
    private readonly issuer: SessionIssuer,
    metrics: Metrics,
  ) {
    this.failures = metrics.counter(
      'iam_sign_in_failures_total',
      'Password sign-ins refused, by reason (WrongPassword, UnknownUser, Throttled…)',
      ['reason'],
    );
  }

  async execute({ origin, input }: SignIn): Promise<SignInResult> {
    const accountId = await this.queries.accountOf(this.db, input.account);
    const user =
      accountId === undefined ? undefined : await this.queries.user(this.db, accountId, input.userName);
    const fail = async (reason: SignInFailureReason, error: IamError): Promise<never> => {
      await this.recordFailure(origin, input, accountId, reason);
      throw error;
    };

    let passwordMatches: boolean;
    try {
      passwordMatches = await this.guesses.check(
        {
          secret: 'password',
          subject: userGuessSubject(accountId ?? input.account, input.userName),
          source: origin.sourceIp,
        },
        () => this.passwordMatches(user, input.password),
      );
    } catch (error) {
      if (error instanceof IamError && error.code === 'Throttling') return fail('Throttled', error);
      throw error;
    }
    if (!user || !passwordMatches) {
      const reason = accountId === undefined ? 'UnknownAccount' : !user ? 'UnknownUser' : 'WrongPassword';
      return fail(reason, incorrect());
    }

    const mfaAuthenticated = await this.checkMfa(user, input, origin, fail);
    const now = new Date();
    const policy = await this.queries.passwordPolicy(this.db, user.accountId);
    const expired = isPasswordExpired(user.passwordLastChanged, policy, now.toISOString());
    if (expired && policy?.hardExpiry) {
      return fail(
        'PasswordExpired',
        new IamError(
          'AccessDenied',
          'Your password has expired, and the account password policy requires an administrator to reset it.',
        ),
      );
    }
    const passwordResetRequired = user.passwordResetRequired || expired;
    const { credentials, session } = await this.issuer.issue(
      sessionFacts(user, now, mfaAuthenticated, passwordResetRequired),
      { actorArn: user.arn, ...origin },
      'SignIn',
    );
    await this.record(origin, user.accountId, user.arn, {
      type: SignInEventTypes.SignInSucceeded,
      schemaVersion: StsSchemaVersion,
      payload: {
        accountId: user.accountId,
        userName: user.userName,
        userId: user.userId,
        accessKeyId: session.accessKeyId,
        mfaAuthenticated,
        passwordResetRequired,
        ...originFields(origin),
      },
    });
    return {
      credentials,
      user: { accountId: user.accountId, userName: user.userName, userId: user.userId, arn: user.arn },
      mfaAuthenticated,
      passwordResetRequired,
    };
  }

  /** A user with an enabled device must give a fresh code of one; true when one was given and accepted. */
  private async checkMfa(
    user: SignInUser,
    input: SignInInput,
    origin: SignInOrigin,
    fail: (reason: SignInFailureReason, error: IamError) => Promise<never>,
  ): Promise<boolean> {
    const devices = await this.mfa.enabledDevices(user.accountId, user.userId);
    if (devices.length === 0) return false;
    if (input.mfaCode === undefined) {
      return fail(
        'MfaCodeRequired',
        new IamError(
          'InvalidAuthenticationCode',
          'This user has an MFA device: an MFA code (mfaCode) is required.',
        ),
      );
    }
    let accepted: boolean;
    try {
      accepted = await this.mfa.verifyAnyDevice({
        accountId: user.accountId,
        userId: user.userId,
        userName: user.userName,
        tokenCode: input.mfaCode,
        requestId: origin.requestId,
        source: origin.sourceIp,
      });
    } catch (error) {
      if (error instanceof IamError && error.code === 'Throttling') return fail('Throttled', error);
      throw error;
    }
    if (!accepted) {
      return fail(
        'WrongMfaCode',
        new IamError(
          'InvalidAuthenticationCode',
          'The MFA code is not valid, has expired or was already used.',
        ),
      );
    }
    return true;
  }

  private async passwordMatches(user: SignInUser | undefined, password: string): Promise<boolean> {
    if (user) return this.hasher.matches(user.userId, user.passwordHashId, password);
    // No such user: the same argon2id work against a hash nobody's password matches.
    return this.hasher.matchesNothing(password);
  }

  private recordFailure(
    origin: SignInOrigin,
    input: SignInInput,
    accountId: string | undefined,
    reason: SignInFailureReason,
  ): Promise<void> {
    this.failures.inc({ reason });
    return this.record(origin, accountId ?? 'unknown-account', 'anonymous', {
      type: SignInEventTypes.SignInFailed,
      schemaVersion: StsSchemaVersion,
      payload: {
        ...(accountId === undefined ? {} : { accountId }),
        account: input.account,
        userName: input.userName,
        reason,
        ...originFields(origin),
      },
    });
  }

  private async record(
    origin: SignInOrigin,
    accountId: string,
    actorArn: string,
    event: StsDomainEvent,
  ): Promise<void> {
    await this.store.append(StsStreams.signIn(origin.requestId), 0, [event], {
      accountId,
      actorArn,
      correlationId: origin.requestId,
      causationId: origin.requestId,
    });
  }
}

function originFields(origin: SignInOrigin): { sourceIp?: string; userAgent?: string } {
  return {
    ...(origin.sourceIp !== undefined ? { sourceIp: origin.sourceIp } : {}),
    ...(origin.userAgent !== undefined ? { userAgent: origin.userAgent } : {}),
  };
}

/** The session of a signed-in user: the user itself (as GetSessionToken's), with MFA when a code was accepted. */
function sessionFacts(
  user: SignInUser,
  now: Date,
  mfaAuthenticated: boolean,
  passwordResetRequired: boolean,
): SessionFacts {
  const lifetime = passwordResetRequired
    ? SignInSessionSeconds.passwordResetRequired
    : SignInSessionSeconds.normal;
  return {
    kind: 'session-token',
    principal: {
      type: 'user',
      accountId: user.accountId,
      arn: user.arn,
      userId: user.userId,
      userName: user.userName,
    },
    issuedTo: { userId: user.userId },
    sessionPolicyArns: [],
    tags: {},
    transitiveTagKeys: [],
    mfaAuthenticated,
    ...(mfaAuthenticated ? { mfaAuthenticatedAt: now.toISOString() } : {}),
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + lifetime * 1000).toISOString(),
    chained: false,
    ...(passwordResetRequired ? { passwordResetRequired: true } : {}),
  };
}

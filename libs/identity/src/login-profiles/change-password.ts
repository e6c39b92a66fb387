import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import {
  callerMetadata,
  commandTransaction,
  executeOnStream,
  GuessLimiter,
  loadState,
  ownPasswordChange,
  PasswordHasher,
  userGuessSubject,
} from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import { IdentityErrors } from '../shared/identity-errors';
import { NewPasswords } from '../passwords/new-passwords';

import { userDecider } from '../users/user.decider';

export class ChangePassword extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly input: { oldPassword: string; newPassword: string },
    /** The caller's address: wrong old passwords are throttled per address too. */
    readonly source?: string,
  ) {
    super();
  }
}

/**
 * The caller (an IAM user) changes its own password. The guard has
 * authorized iam:ChangePassword; the account policy must also let users
 * change their password (or require it: reset flag, expiry). Wrong old
 * passwords are throttled per user and per `source` address.
 */
@CommandHandler(ChangePassword)
export class ChangePasswordHandler implements ICommandHandler<ChangePassword> {
  constructor(
    private readonly store: EventStore,
    private readonly passwords: NewPasswords,
    private readonly hasher: PasswordHasher,
    private readonly guesses: GuessLimiter,
  ) {}

  async execute({ requester, input, source }: ChangePassword): Promise<void> {
    const { caller } = requester;
    if (caller.type !== 'user') {
      throw new IamError(
        'InvalidInput',
        'ChangePassword is for IAM users only: the caller must sign with the access key of an IAM user.',
      );
    }
    await commandTransaction(this.store, async (tx) => {
      const state = await loadState(this.store, tx, userDecider, StreamIds.user(caller.userId));
      if (state.status !== 'active') throw IdentityErrors.noSuchUser(caller.userName);
      if (!state.loginProfile) throw IdentityErrors.noSuchLoginProfile(state.userName);
      const now = new Date().toISOString();
      const change = ownPasswordChange(
        state.loginProfile,
        await this.passwords.policy(tx, caller.accountId),
        now,
      );
      if (!change.allowed) {
        throw new IamError(
          'AccessDenied',
          `User: ${caller.arn} is not authorized to perform: iam:ChangePassword on resource: ${caller.arn} because ${
            change.reason === 'HardExpiry'
              ? 'the password has expired and the account password policy requires an administrator to reset it'
              : 'the account password policy does not allow users to change their own password'
          }`,
        );
      }
      const { passwordHashId: current } = state.loginProfile;
      const oldMatches = await this.guesses.check(
        { secret: 'password', subject: userGuessSubject(caller.accountId, state.userName), source },
        () => this.hasher.matches(state.userId, current, input.oldPassword, tx),
      );
      if (!oldMatches) {
        throw new IamError('AccessDenied', 'The old password is incorrect.');
      }
      const passwordHashId = await this.passwords.sealedHashFor(tx, state, input.newPassword);
      await executeOnStream(
        this.store,
        tx,
        userDecider,
        StreamIds.user(state.userId),
        { type: 'ChangePassword', data: { passwordHashId, changedAt: now } },
        callerMetadata(requester),
      );
    });
  }
}

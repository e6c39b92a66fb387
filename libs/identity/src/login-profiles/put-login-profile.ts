import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { validationError } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { NewPasswords } from '../passwords/new-passwords';
import { LoginProfileUsers } from './login-profile-users';
import { LoginProfilesQueries, type LoginProfileView } from './login-profiles.queries';

/**
 * CreateLoginProfile or UpdateLoginProfile, whichever the user's state calls
 * for: the route serves both AWS actions, and only the transaction can tell
 * which one applies (`created` says which did).
 */
export class PutLoginProfile extends Command<{ created: boolean; loginProfile: LoginProfileView }> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly input: { password?: string; passwordResetRequired?: boolean },
  ) {
    super();
  }
}

/**
 * Creates the profile (a password is then required) or updates password
 * and/or reset flag. The plaintext password goes to `NewPasswords` only;
 * commands and events carry only the id of its sealed hash.
 */
@CommandHandler(PutLoginProfile)
export class PutLoginProfileHandler implements ICommandHandler<PutLoginProfile> {
  constructor(
    private readonly store: EventStore,
    @Inject(LoginProfilesQueries) private readonly profiles: LoginProfilesQueries,
    private readonly passwords: NewPasswords,
    private readonly profileUsers: LoginProfileUsers,
  ) {}

  execute({ requester, userName, input }: PutLoginProfile) {
    return commandTransaction(this.store, async (tx) => {
      const user = await this.profileUsers.live(tx, requester, userName);
      const now = new Date().toISOString();
      const created = user.loginProfile === null;
      const passwordHashId =
        input.password === undefined
          ? undefined
          : await this.passwords.sealedHashFor(tx, user, input.password);
      if (created) {
        if (passwordHashId === undefined) {
          throw validationError('password', null, 'Member must not be null when creating a login profile');
        }
        await this.profileUsers.execute(tx, requester, user, {
          type: 'CreateLoginProfile',
          data: {
            userName,
            passwordHashId,
            passwordResetRequired: input.passwordResetRequired,
            createDate: now,
          },
        });
      } else {
        await this.profileUsers.execute(tx, requester, user, {
          type: 'UpdateLoginProfile',
          data: {
            userName,
            passwordHashId,
            passwordResetRequired: input.passwordResetRequired,
            changedAt: passwordHashId === undefined ? undefined : now,
          },
        });
      }
      return {
        created,
        loginProfile: await this.profiles.get(tx, requester.caller.accountId, user),
      };
    });
  }
}

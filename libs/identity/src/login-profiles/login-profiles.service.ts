import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@iam/auth';
import { IamError, validationError } from '@iam/contracts';
import { EventStore, type Queryable } from '@iam/event-store';
import {
  callerMetadata,
  executeOnStream,
  GuessLimiter,
  loadState,
  userGuessSubject,
  commandTransaction,
} from '@iam/service-kit';
import { IdentityErrors } from '../shared/identity-errors';
import { StreamIds } from '../shared/iam-arns';
import { NewPasswords } from '../passwords/new-passwords';
import { PasswordHasher } from '../passwords/password-hasher';
import { ownPasswordChange } from '../passwords/password-policy';
import { userDecider, type ExistingUserState } from '../users/user.decider';
import { UsersQueries } from '../users/users.queries';
import { LoginProfilesQueries, type LoginProfileView } from './login-profiles.queries';

/**
 * Console passwords of IAM users (CreateLoginProfile, UpdateLoginProfile,
 * GetLoginProfile, DeleteLoginProfile, ChangePassword), each in one
 * transaction. Plaintext passwords go from the request to `NewPasswords`
 * and `PasswordHasher` only; commands and events carry the sealed hash.
 */
@Injectable()
export class LoginProfilesService {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    @Inject(LoginProfilesQueries) private readonly profiles: LoginProfilesQueries,
    private readonly passwords: NewPasswords,
    private readonly hasher: PasswordHasher,
    private readonly guesses: GuessLimiter,
  ) {}

  /** Creates the profile (a password is then required) or updates password and/or reset flag. */
  async put(
    caller: Principal,
    requestId: string,
    userName: string,
    input: { password?: string; passwordResetRequired?: boolean },
  ): Promise<{ created: boolean; loginProfile: LoginProfileView }> {
    return commandTransaction(this.store, async (tx) => {
      const user = await this.liveUser(tx, caller, userName);
      const now = new Date().toISOString();
      const created = user.loginProfile === null;
      const encryptedPasswordHash =
        input.password === undefined
          ? undefined
          : await this.passwords.sealedHashFor(tx, user, input.password);
      if (created) {
        if (encryptedPasswordHash === undefined) {
          throw validationError('password', null, 'Member must not be null when creating a login profile');
        }
        await this.onUser(tx, caller, requestId, user, {
          type: 'CreateLoginProfile',
          data: {
            userName,
            encryptedPasswordHash,
            passwordResetRequired: input.passwordResetRequired,
            createDate: now,
          },
        });
      } else {
        await this.onUser(tx, caller, requestId, user, {
          type: 'UpdateLoginProfile',
          data: {
            userName,
            encryptedPasswordHash,
            passwordResetRequired: input.passwordResetRequired,
            changedAt: encryptedPasswordHash === undefined ? undefined : now,
          },
        });
      }
      return { created, loginProfile: await this.find(tx, caller, user) };
    });
  }

  async get(caller: Principal, userName: string): Promise<LoginProfileView> {
    const db = this.store.database;
    const user = await this.users.get(db, caller.accountId, userName);
    return this.find(db, caller, user);
  }

  async delete(caller: Principal, requestId: string, userName: string): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const user = await this.liveUser(tx, caller, userName);
      await this.onUser(tx, caller, requestId, user, { type: 'DeleteLoginProfile', data: { userName } });
    });
  }

  /**
   * ChangePassword: the caller (an IAM user) changes its own password. The
   * guard has authorized iam:ChangePassword; the account policy must also
   * let users change their password (or require it: reset flag, expiry).
   * Wrong old passwords are throttled per user and per `source` address.
   */
  async changePassword(
    caller: Principal,
    requestId: string,
    input: { oldPassword: string; newPassword: string },
    source?: string,
  ): Promise<void> {
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
      const { encryptedPasswordHash: current } = state.loginProfile;
      const oldMatches = await this.guesses.check(
        { secret: 'password', subject: userGuessSubject(caller.accountId, state.userName), source },
        () => this.hasher.matches(state.userId, current, input.oldPassword),
      );
      if (!oldMatches) {
        throw new IamError('AccessDenied', 'The old password is incorrect.');
      }
      const encryptedPasswordHash = await this.passwords.sealedHashFor(tx, state, input.newPassword);
      await executeOnStream(
        this.store,
        tx,
        userDecider,
        StreamIds.user(state.userId),
        { type: 'ChangePassword', data: { encryptedPasswordHash, changedAt: now } },
        callerMetadata({ caller, requestId }),
      );
    });
  }

  private async find(db: Queryable, caller: Principal, user: { userId: string; userName: string }) {
    const profile = await this.profiles.find(db, caller.accountId, user);
    if (!profile) throw IdentityErrors.noSuchLoginProfile(user.userName);
    return profile;
  }

  /** The addressed user of the caller's account, folded from its stream (profile and password history). */
  private async liveUser(tx: Queryable, caller: Principal, userName: string): Promise<ExistingUserState> {
    const view = await this.users.get(tx, caller.accountId, userName);
    const state = await loadState(this.store, tx, userDecider, StreamIds.user(view.userId));
    if (state.status !== 'active') throw IdentityErrors.noSuchUser(userName);
    return state;
  }

  private onUser(
    tx: Queryable,
    caller: Principal,
    requestId: string,
    user: ExistingUserState,
    command: Parameters<typeof userDecider.decide>[0],
  ) {
    return executeOnStream(
      this.store,
      tx,
      userDecider,
      StreamIds.user(user.userId),
      command,
      callerMetadata({ caller, requestId }),
    );
  }
}

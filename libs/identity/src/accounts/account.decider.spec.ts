import { IdentityEventTypes as T, IdentitySchemaVersion as v, fold, type AccountEvent } from '@iam/contracts';
import { PasswordPolicyDefaults } from '../passwords/password-policy';
import { deciderSpecification } from '@iam/testing';
import type { AccountCommand } from './account.commands';
import { accountDecider } from './account.decider';

const spec = deciderSpecification(accountDecider);
const accountId = '123456789012';

const created: AccountEvent = {
  type: T.AccountCreated,
  schemaVersion: v,
  payload: { accountId, accountName: 'Main', managementAccount: true },
};
const aliasCreated = (accountAlias: string): AccountEvent => ({
  type: T.AccountAliasCreated,
  schemaVersion: v,
  payload: { accountId, accountAlias },
});
const aliasDeleted = (accountAlias: string): AccountEvent => ({
  type: T.AccountAliasDeleted,
  schemaVersion: v,
  payload: { accountId, accountAlias },
});
const policyUpdated: AccountEvent = {
  type: T.AccountPasswordPolicyUpdated,
  schemaVersion: v,
  payload: {
    accountId,
    policy: { ...PasswordPolicyDefaults, minimumPasswordLength: 12, requireSymbols: true },
  },
};

describe('account decider', () => {
  describe('CreateAccount', () => {
    it('creates a management or member account', () => {
      spec([])
        .when({ type: 'CreateAccount', data: { accountId, accountName: 'Main', managementAccount: true } })
        .then([created]);
    });

    it('refuses an existing account, a bad id and a bad name', () => {
      spec([created])
        .when({ type: 'CreateAccount', data: { accountId, accountName: 'Main', managementAccount: false } })
        .thenThrows('EntityAlreadyExists', `Account with id ${accountId} already exists.`);
      spec([])
        .when({
          type: 'CreateAccount',
          data: { accountId: '12345678901a', accountName: 'x', managementAccount: false },
        })
        .thenThrows('ValidationError', /accountId/);
      spec([])
        .when({ type: 'CreateAccount', data: { accountId, accountName: '', managementAccount: false } })
        .thenThrows('ValidationError', /accountName/);
      spec([])
        .when({
          type: 'CreateAccount',
          data: { accountId, accountName: 'n'.repeat(51), managementAccount: false },
        })
        .thenThrows('ValidationError', /accountName/);
    });
  });

  describe('account alias', () => {
    it('creates an alias', () => {
      spec([created])
        .when({ type: 'CreateAccountAlias', data: { accountAlias: 'my-company' } })
        .then([aliasCreated('my-company')]);
    });

    it('replaces an existing alias, and raises nothing for the same one', () => {
      spec([created, aliasCreated('old')])
        .when({ type: 'CreateAccountAlias', data: { accountAlias: 'new-one' } })
        .then([aliasDeleted('old'), aliasCreated('new-one')]);
      spec([created, aliasCreated('same')])
        .when({ type: 'CreateAccountAlias', data: { accountAlias: 'same' } })
        .thenNothing();
    });

    it.each([
      ['too short', 'ab'],
      ['too long', 'a'.repeat(64)],
      ['uppercase', 'MyCompany'],
      ['a leading hyphen', '-abc'],
      ['a trailing hyphen', 'abc-'],
      ['two hyphens in a row', 'a--b'],
      ['an underscore', 'a_b'],
      ['digits only', '123456789012'],
    ])('rejects an alias with %s', (_label, accountAlias) => {
      spec([created])
        .when({ type: 'CreateAccountAlias', data: { accountAlias } })
        .thenThrows('ValidationError', /accountAlias/);
    });

    it('accepts 3 and 63 characters with digits and single hyphens', () => {
      for (const accountAlias of ['a1b', `a-${'b'.repeat(60)}1`, '1st-team']) {
        spec([created])
          .when({ type: 'CreateAccountAlias', data: { accountAlias } })
          .then([aliasCreated(accountAlias)]);
      }
    });

    it('deletes the alias, by name or not', () => {
      spec([created, aliasCreated('my-company')])
        .when({ type: 'DeleteAccountAlias', data: {} })
        .then([aliasDeleted('my-company')]);
      spec([created, aliasCreated('my-company')])
        .when({ type: 'DeleteAccountAlias', data: { accountAlias: 'my-company' } })
        .then([aliasDeleted('my-company')]);
    });

    it('answers NoSuchEntity for no alias or another alias', () => {
      spec([created]).when({ type: 'DeleteAccountAlias', data: {} }).thenThrows('NoSuchEntity');
      spec([created, aliasCreated('my-company')])
        .when({ type: 'DeleteAccountAlias', data: { accountAlias: 'other' } })
        .thenThrows('NoSuchEntity', 'The account alias other cannot be found.');
      spec([created, aliasCreated('a-b'), aliasDeleted('a-b')])
        .when({ type: 'DeleteAccountAlias', data: {} })
        .thenThrows('NoSuchEntity');
    });
  });

  describe('password policy', () => {
    it('sets a policy, completing left-out fields with defaults', () => {
      spec([created])
        .when({
          type: 'UpdateAccountPasswordPolicy',
          data: { minimumPasswordLength: 12, requireSymbols: true },
        })
        .then([policyUpdated]);
    });

    it('resets left-out fields to defaults on a later update, as AWS does', () => {
      spec([created, policyUpdated])
        .when({ type: 'UpdateAccountPasswordPolicy', data: { requireNumbers: true } })
        .then([
          {
            type: T.AccountPasswordPolicyUpdated,
            schemaVersion: v,
            payload: { accountId, policy: { ...PasswordPolicyDefaults, requireNumbers: true } },
          },
        ]);
    });

    it('raises nothing for the same policy', () => {
      spec([created, policyUpdated])
        .when({
          type: 'UpdateAccountPasswordPolicy',
          data: { minimumPasswordLength: 12, requireSymbols: true },
        })
        .thenNothing();
    });

    it.each([
      [{ minimumPasswordLength: 5 }, /minimumPasswordLength/],
      [{ minimumPasswordLength: 129 }, /minimumPasswordLength/],
      [{ maxPasswordAge: 0 }, /maxPasswordAge/],
      [{ maxPasswordAge: 1096 }, /maxPasswordAge/],
      [{ passwordReusePrevention: 0 }, /passwordReusePrevention/],
      [{ passwordReusePrevention: 25 }, /passwordReusePrevention/],
      [{ hardExpiry: 'yes' as unknown as boolean }, /hardExpiry/],
    ])('rejects %j', (data, message) => {
      spec([created])
        .when({ type: 'UpdateAccountPasswordPolicy', data })
        .thenThrows('ValidationError', message);
    });

    it('deletes the policy, back to AWS defaults', () => {
      spec([created, policyUpdated])
        .when({ type: 'DeleteAccountPasswordPolicy', data: {} })
        .then([{ type: T.AccountPasswordPolicyDeleted, schemaVersion: v, payload: { accountId } }]);
      const state = fold(accountDecider, [
        created,
        policyUpdated,
        { type: T.AccountPasswordPolicyDeleted, schemaVersion: v, payload: { accountId } },
      ]);
      expect(state.status === 'active' && state.passwordPolicy).toBeNull();
    });

    it('answers NoSuchEntity when there is no policy to delete', () => {
      spec([created])
        .when({ type: 'DeleteAccountPasswordPolicy', data: {} })
        .thenThrows('NoSuchEntity', 'The Password Policy with domain name PasswordPolicy cannot be found.');
    });
  });

  it.each<AccountCommand>([
    { type: 'CreateAccountAlias', data: { accountAlias: 'abc' } },
    { type: 'DeleteAccountAlias', data: {} },
    { type: 'UpdateAccountPasswordPolicy', data: {} },
    { type: 'DeleteAccountPasswordPolicy', data: {} },
  ])('$type on a missing account answers NoSuchEntity', (command) => {
    spec([]).when(command).thenThrows('NoSuchEntity', 'The account cannot be found.');
  });
});

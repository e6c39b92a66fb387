import type { AccountSnapshot, SnapshotKey, SnapshotRole, SnapshotUser } from './account-snapshot';

/** Builders of account snapshots for the unit tests of the pure report and rule code. */
export const ACCOUNT = '123456789012';

export function user(name: string, changes: Partial<SnapshotUser> = {}): SnapshotUser {
  return {
    id: `AIDA${name.toUpperCase()}`,
    kind: 'user',
    name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    passwordEnabled: false,
    passwordLastChanged: null,
    passwordLastUsed: null,
    mfaActive: false,
    keys: [],
    groupIds: [],
    attachedPolicyArns: [],
    inlinePolicies: [],
    ...changes,
  };
}

export function key(id: string, changes: Partial<SnapshotKey> = {}): SnapshotKey {
  return {
    accessKeyId: id,
    status: 'Active',
    createdAt: new Date('2026-01-02T00:00:00.000Z'),
    lastUsed: null,
    ...changes,
  };
}

export function role(name: string, changes: Partial<SnapshotRole> = {}): SnapshotRole {
  return {
    id: `AROA${name.toUpperCase()}`,
    kind: 'role',
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    trustPolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
    lastUsed: null,
    attachedPolicyArns: [],
    inlinePolicies: [],
    ...changes,
  };
}

export const strongPolicy = {
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  maxPasswordAge: 90,
  passwordReusePrevention: 24,
  hardExpiry: false,
};

/** A clean account: root with MFA, no keys, unused; a strong password policy; nothing else. */
export function snapshot(changes: Partial<AccountSnapshot> = {}): AccountSnapshot {
  const root = user('root', {
    id: ACCOUNT,
    kind: 'root',
    name: '<root_account>',
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    mfaActive: true,
  });
  return {
    accountId: ACCOUNT,
    root,
    users: [],
    roles: [],
    groups: [],
    passwordPolicy: strongPolicy,
    managedPolicies: new Map(),
    rootLastUsed: null,
    ...changes,
  };
}

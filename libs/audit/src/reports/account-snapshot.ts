import type { PasswordPolicyV1 } from '@iam/contracts';

/** One access key as the reports see it. */
export interface SnapshotKey {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createdAt: Date;
  lastUsed: { at: Date; region: string; service: string } | null;
}

export interface SnapshotPrincipal {
  id: string;
  kind: 'root' | 'user' | 'group' | 'role';
  name: string;
  arn: string;
  createdAt: Date;
}

export interface SnapshotUser extends SnapshotPrincipal {
  passwordEnabled: boolean;
  passwordLastChanged: Date | null;
  /** Last successful console sign-in. */
  passwordLastUsed: Date | null;
  mfaActive: boolean;
  /** Oldest first, as AWS numbers access_key_1 and access_key_2. */
  keys: SnapshotKey[];
  groupIds: string[];
  attachedPolicyArns: string[];
  inlinePolicies: { name: string; document: string }[];
}

export interface SnapshotRole extends SnapshotPrincipal {
  trustPolicy: string;
  /** Last call made with one of its sessions. */
  lastUsed: Date | null;
  attachedPolicyArns: string[];
  inlinePolicies: { name: string; document: string }[];
}

export interface SnapshotGroup extends SnapshotPrincipal {
  attachedPolicyArns: string[];
  inlinePolicies: { name: string; document: string }[];
}

/**
 * Everything the credential report and the findings read of one account, at
 * one moment: a plain value, so the CSV and the rules are pure functions of
 * it and a clock.
 */
export interface AccountSnapshot {
  accountId: string;
  /** Absent for an account whose root the audit service has not seen yet. */
  root: SnapshotUser | undefined;
  users: SnapshotUser[];
  roles: SnapshotRole[];
  groups: SnapshotGroup[];
  passwordPolicy: PasswordPolicyV1 | null;
  /** Customer managed policies of the account: default version's document by ARN. */
  managedPolicies: Map<string, { name: string; document: string }>;
  /** When any of the root's credentials (password or keys) was last used. */
  rootLastUsed: Date | null;
}

import type { PolicyType } from '../grammar/policy-document';

/**
 * Size quotas as AWS documents them in "IAM and AWS STS quotas": characters
 * counted without white space.
 */

/** Which kind of document an identity policy is; the quota differs. */
export type IdentityPolicyKind = 'managed' | 'inline-user' | 'inline-group' | 'inline-role';

export interface PolicyQuota {
  readonly limit: number;
  /** The quota's name as AWS uses it in LimitExceeded messages. */
  readonly name: string;
}

export const POLICY_QUOTAS = {
  managed: { limit: 6144, name: 'PolicySize' },
  'inline-user': { limit: 2048, name: 'UserPolicySize' },
  'inline-group': { limit: 5120, name: 'GroupPolicySize' },
  'inline-role': { limit: 10240, name: 'RolePolicySize' },
  trust: { limit: 2048, name: 'ACLSizePerRole' },
  session: { limit: 2048, name: 'SessionPolicySize' },
} as const satisfies Record<string, PolicyQuota>;

/** The default quota for a policy type (boundaries are managed policies; resource means a role trust policy). */
export function defaultQuota(type: PolicyType, kind: IdentityPolicyKind = 'managed'): PolicyQuota {
  switch (type) {
    case 'identity':
      return POLICY_QUOTAS[kind];
    case 'boundary':
      return POLICY_QUOTAS.managed;
    case 'resource':
      return POLICY_QUOTAS.trust;
    case 'session':
      return POLICY_QUOTAS.session;
  }
}

/** Characters that count against the quota: everything except white space. */
export function countPolicySize(text: string): number {
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) size++;
  }
  return size;
}

/** Characters IAM accepts in a policy document: tab, LF, CR and U+0020–U+00FF. */
export function firstInvalidCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || (c < 0x20 && c !== 9 && c !== 10 && c !== 13)) return i;
  }
  return -1;
}

import { IamError, requireLength, requirePattern, validationError, type TagV1 } from '@iam/contracts';

/**
 * Names, paths, ARNs and ids of policies and of the principals they attach
 * to, as the IAM API Reference states them. Each `validate…` throws a
 * ValidationError naming the field. Deterministic: random ids come in.
 */

export type PrincipalKind = 'user' | 'group' | 'role';

const NAME = /^[\w+=,.@-]+$/;
const NAME_SHOWN = '[\\w+=,.@-]+';

export const PolicyLimits = {
  policyName: 128,
  path: 512,
  description: 1000,
  principalName: { user: 64, group: 128, role: 64 } as Record<PrincipalKind, number>,
  /** Managed policies attached to one user, group or role (IAM quota, default). */
  attachedPoliciesPerPrincipal: 10,
  /** Versions of one managed policy, the default included. */
  versionsPerPolicy: 5,
  tagsPerResource: 50,
} as const;

export function validatePolicyName(policyName: unknown, field = 'policyName'): asserts policyName is string {
  if (typeof policyName !== 'string') throw validationError(field, policyName, 'Member must be a string');
  requireLength(field, policyName, 1, PolicyLimits.policyName);
  requirePattern(field, policyName, NAME, NAME_SHOWN);
}

export function validatePrincipalName(kind: PrincipalKind, name: string, field = `${kind}Name`): void {
  requireLength(field, name, 1, PolicyLimits.principalName[kind]);
  requirePattern(field, name, NAME, NAME_SHOWN);
}

const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;

/** `/` or `/segment/…/`, 1–512 characters of 0x21–0x7E. */
export function validatePath(path: string, field = 'path'): void {
  requireLength(field, path, 1, PolicyLimits.path);
  requirePattern(field, path, PATH, '(\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)');
}

/** A path prefix for list filters: `/` followed by 0x21–0x7E characters, 1–512. */
export function validatePathPrefix(pathPrefix: string, field = 'pathPrefix'): void {
  requireLength(field, pathPrefix, 1, PolicyLimits.path);
  requirePattern(field, pathPrefix, /^\/[\u0021-\u007E]*$/, '\\u002F[\\u0021-\\u007F]*');
}

export function validateDescription(description: string, field = 'description'): void {
  requireLength(field, description, 0, PolicyLimits.description);
  requirePattern(
    field,
    description,
    /^[\u0009\u000A\u000D\u0020-\u00FF]*$/,
    '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]*',
  );
}

/** AWS's `v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`. */
export function validateVersionId(versionId: string, field = 'versionId'): void {
  requirePattern(field, versionId, /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?');
}

/** Tags as IAM allows them: at most 50, keys 1–128 and values 0–256 of letters, digits, space and `_.:/=+-@`. */
export function validateTags(tags: readonly TagV1[], field = 'tags'): void {
  if (tags.length > PolicyLimits.tagsPerResource) {
    throw validationError(
      field,
      `${tags.length} tags`,
      `Member must have length less than or equal to ${PolicyLimits.tagsPerResource}`,
    );
  }
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    requireLength(`${field}.${i + 1}.member.key`, tag.key, 1, 128);
    requirePattern(
      `${field}.${i + 1}.member.key`,
      tag.key,
      /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
      '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
    );
    requireLength(`${field}.${i + 1}.member.value`, tag.value, 0, 256);
    requirePattern(
      `${field}.${i + 1}.member.value`,
      tag.value,
      /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
      '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
    );
    const key = tag.key.toLowerCase();
    if (seen.has(key))
      throw new IamError(
        'InvalidInput',
        `Duplicate tag keys found. Please note that Tag keys are case insensitive.`,
      );
    seen.add(key);
  });
}

/** Names are unique case-insensitively in an account; this is the key to reserve. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

export function customerPolicyArn(accountId: string, path: string, policyName: string): string {
  return `arn:aws:iam::${accountId}:policy${path}${policyName}`;
}

export function principalArn(kind: PrincipalKind, accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

export interface ParsedPolicyArn {
  /** 12 digits, or `aws` for AWS managed policies. */
  accountId: string;
  path: string;
  policyName: string;
}

const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy((?:\/[\u0021-\u007E]+)*\/)([\w+=,.@-]{1,128})$/;

/** Splits a managed policy ARN; InvalidInput (AWS's "ARN … is not valid.") when it is not one. */
export function parsePolicyArn(policyArn: unknown, field = 'policyArn'): ParsedPolicyArn {
  if (typeof policyArn !== 'string' || policyArn.length < 20 || policyArn.length > 2048) {
    throw validationError(field, policyArn, 'Member must be a policy ARN of length 20 to 2048');
  }
  const match = POLICY_ARN.exec(policyArn);
  if (!match) throw new IamError('InvalidInput', `ARN ${policyArn} is not valid.`);
  return { accountId: match[1], path: match[2], policyName: match[3] };
}

/** `ANPA` + 17 base32 characters (`random` from the handler's CSPRNG). */
export function policyId(random: string): string {
  if (!/^[A-Z2-7]{17}$/.test(random)) throw new RangeError('random part must be 17 base32 characters');
  return `ANPA${random}`;
}

/** Stream ids, one per aggregate. */
export const PolicyStreamIds = {
  policy: (policyId: string) => `policy-${policyId}`,
  principalPolicies: (kind: PrincipalKind, principalId: string) =>
    `principal-policies-${kind}-${principalId}`,
} as const;

export function validateTimestamp(value: string, field: string): void {
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw validationError(field, value, 'Member must be an ISO-8601 timestamp');
  }
}

export function assertNever(value: never): never {
  throw new IamError('ValidationError', `Unknown command ${JSON.stringify(value)}`);
}

/** UntagPolicy's keys: 1 to 50 of them, each a tag key as IAM allows it. */
export function validateTagKeys(tagKeys: readonly string[], field = 'tagKeys'): void {
  if (tagKeys.length === 0)
    throw validationError(field, '[]', 'Member must have length greater than or equal to 1');
  if (tagKeys.length > PolicyLimits.tagsPerResource)
    throw validationError(
      field,
      `${tagKeys.length} keys`,
      `Member must have length less than or equal to ${PolicyLimits.tagsPerResource}`,
    );
  tagKeys.forEach((key, i) => {
    requireLength(`${field}.${i + 1}`, key, 1, 128);
    requirePattern(
      `${field}.${i + 1}`,
      key,
      /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
      '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
    );
  });
}
